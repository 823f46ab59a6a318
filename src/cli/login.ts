// gatehouse login | logout [--server URL]: signs the person in with the server's identity provider
// and caches the token (0600, in the user's gatehouse config dir), or forgets it. Other commands sign
// in by themselves when they need to; login does it ahead, and says who the server sees.
import { TerminalText } from '../render/terminal.ts';
import type { Principal } from '../identity/principal.ts';
import { UsageError } from './args.ts';
import { remoteTarget, type RemoteOptions } from './remote/client-config.ts';
import { connectServer, personToken } from './remote/server-client.ts';
import { storeToken, tokenFile } from './remote/token-cache.ts';

function target(options: RemoteOptions) {
  const remote = remoteTarget(options);
  if (!remote) throw new UsageError('name the server: --server URL, $GATEHOUSE_SERVER, or server: in the client config');
  return remote;
}

export async function login(options: RemoteOptions): Promise<void> {
  const remote = target(options);
  if (!remote.apiKeyFile && !process.env.GATEHOUSE_API_KEY) await personToken(remote.server, (line) => console.error(line), { fresh: true });
  const me = await (await connectServer(remote)).get<{ principal: Principal; roles: { approver: boolean; reader: boolean } }>('/me');
  const t = new TerminalText();
  const roles = [me.roles.approver && 'approver', me.roles.reader && 'auditor'].filter(Boolean).join(', ') || 'no approver or auditor role';
  console.log(`signed in to ${remote.server} as ${t.line(me.principal.id)} (${t.line(me.principal.name)}): ${roles}`);
}

export function logout(options: RemoteOptions): void {
  const remote = target(options);
  storeToken(remote.server, undefined);
  console.log(`signed out of ${remote.server} (${tokenFile()})`);
}

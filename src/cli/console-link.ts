// gatehouse console link [--server URL]: a new one-time console sign-in link from the running
// server, without restarting it. It goes through the server's people API as the person running
// the command (OIDC sign-in or a human API key) and signs in that same person: nobody mints a link
// for anyone else, and without a server there is no link (the CLI holds no console state).
import { TerminalText } from '../render/terminal.ts';
import { UsageError } from './args.ts';
import { remoteTarget, type RemoteOptions } from './remote/client-config.ts';
import { ApiError, connectServer } from './remote/server-client.ts';

export async function consoleLink(options: RemoteOptions): Promise<void> {
  const remote = remoteTarget({ ...options, config: undefined });
  if (!remote) throw new UsageError('console link asks the running server for the link: name it with --server URL (or GATEHOUSE_SERVER, or server: in the client config)');
  try {
    const made = await (await connectServer(remote)).post<{ link: string; expiresInMinutes: number; principal: string }>('/console/sign-in-link', {});
    const t = new TerminalText();
    console.log(`${t.line(made.link)}\n(signs in ${t.line(made.principal)} once, within ${made.expiresInMinutes} minutes)`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const t = new TerminalText();
    console.error(`gatehouse: ${t.line(error.code)}: ${t.line(error.message)}`);
    process.exitCode = 1;
  }
}

// gatehouse principals suspend ID [--reason TEXT] | resume ID [--reason TEXT] | list [--json]
// gatehouse sessions end ID [--reason TEXT]
// Acting goes only through a running server, as the operator signed in (--server, $GATEHOUSE_SERVER
// or the client config): the server records who did it, stops the calls in flight on its replica
// and the others hear of it from the store. Listing may also read a store directly (--store, or the
// local config's store). Ids are printed through a TerminalText: an agent's principal id cannot
// rewrite the operator's terminal.
import type { Revocation } from '../kill-switch/model.ts';
import type { KillSwitchAction } from '../kill-switch/actions.ts';
import { TerminalText, terminalJson } from '../render/terminal.ts';
import { onlyThroughServer, openConfiguredStore, UsageError } from './args.ts';
import { remoteTarget, type RemoteOptions } from './remote/client-config.ts';
import { ApiError, connectServer, type ServerClient } from './remote/server-client.ts';

export interface KillSwitchOptions extends RemoteOptions {
  store?: string;
  reason?: string;
  json?: boolean;
}

export async function killSwitchCommand(command: 'principals' | 'sessions', action: string | undefined, id: string | undefined, options: KillSwitchOptions): Promise<void> {
  const input = parse(command, action, id);
  const remote = options.store ? undefined : remoteTarget(options);
  if (input && !remote) throw onlyThroughServer('suspend, resume and end');
  const client = remote && (await connectServer(remote));
  if (!input) return printSuspended(client ? (await client.get<{ suspended: Revocation[] }>('/kill-switch/principals')).suspended : await readSuspended(options), options.json);
  await act(client as ServerClient, input, options.reason ?? '');
}

async function readSuspended(options: KillSwitchOptions): Promise<Revocation[]> {
  const store = await openConfiguredStore(options);
  try {
    return (await store.listRevocations()).filter((r) => r.kind === 'principal');
  } finally {
    await store.close();
  }
}

function printSuspended(suspended: Revocation[], json: boolean | undefined): void {
  if (json) return void console.log(terminalJson(suspended, 2));
  if (suspended.length === 0) return void console.log('no principal is suspended');
  const t = new TerminalText();
  for (const r of suspended) console.log(`${t.line(r.id)}  suspended ${t.line(r.at)} by ${t.line(r.by)}${r.reason ? `: ${t.line(r.reason, 120)}` : ''}`);
  const warning = t.warning();
  if (warning) console.log(`WARNING: ${warning}`);
}

async function act(client: ServerClient, input: KillSwitchAction, reason: string): Promise<void> {
  const id = input.action === 'end' ? input.session : input.principal;
  const t = new TerminalText();
  let withdrawn: string[];
  try {
    withdrawn = (await client.post<{ withdrawnApprovals: string[] }>(`/kill-switch/${input.action}`, { id, reason })).withdrawnApprovals;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    console.error(`gatehouse: ${t.line(error.code)}: ${t.line(error.message)}`);
    process.exitCode = 1;
    return;
  }
  const done = input.action === 'end' ? 'ended' : input.action === 'suspend' ? 'suspended' : 'resumed';
  console.log(`${input.action === 'end' ? 'session' : 'principal'} ${t.line(id)} ${done}`);
  if (withdrawn.length > 0) console.log(`withdrew its pending approval requests: ${withdrawn.map((w) => t.line(w)).join(', ')}`);
}

/** The action, or undefined for `principals list`. */
function parse(command: 'principals' | 'sessions', action: string | undefined, id: string | undefined): KillSwitchAction | undefined {
  if (command === 'principals' && action === 'list') return undefined;
  if (!id) throw new UsageError(command === 'sessions' ? 'sessions end takes a session id' : `principals ${action ?? ''} takes a principal id`);
  if (command === 'sessions' && action === 'end') return { action: 'end', session: id };
  if (command === 'principals' && (action === 'suspend' || action === 'resume')) return { action, principal: id };
  throw new UsageError('principals takes suspend ID | resume ID | list; sessions takes list | end ID');
}

// gatehouse principals suspend ID [--reason TEXT] | resume ID [--reason TEXT] | list [--json]
// gatehouse sessions end ID [--reason TEXT]
// Acts as identity.cli on the store the servers use. Each server learns of the change within its
// kill switch poll interval (at once on a PostgreSQL store, by notification), stops the calls in
// flight and refuses new ones. Ids are printed through a TerminalText: an agent's principal id
// cannot rewrite the operator's terminal.
import { packs } from '../../tools/index.ts';
import { createRecorder } from '../audit/recorder.ts';
import { runKillSwitchAction, type KillSwitchAction } from '../kill-switch/actions.ts';
import { createScrubber } from '../pipeline/scrub.ts';
import { TerminalText, terminalJson } from '../render/terminal.ts';
import { openStore } from '../store/open.ts';
import { configPath, loadOrExit, UsageError } from './args.ts';

export interface KillSwitchOptions {
  config?: string;
  reason?: string;
  json?: boolean;
}

export async function killSwitchCommand(command: 'principals' | 'sessions', action: string | undefined, id: string | undefined, options: KillSwitchOptions): Promise<void> {
  const input = parse(command, action, id);
  const config = loadOrExit(configPath(options.config), packs);
  const store = await openStore(config);
  try {
    if (!input) {
      const suspended = (await store.listRevocations()).filter((r) => r.kind === 'principal');
      if (options.json) return void console.log(terminalJson(suspended, 2));
      if (suspended.length === 0) return void console.log('no principal is suspended');
      const t = new TerminalText();
      for (const r of suspended) console.log(`${t.line(r.id)}  suspended ${t.line(r.at)} by ${t.line(r.by)}${r.reason ? `: ${t.line(r.reason, 120)}` : ''}`);
      const warning = t.warning();
      if (warning) console.log(`WARNING: ${warning}`);
      return;
    }
    const cli = config.parsed.identity.cli;
    if (!cli) throw new UsageError('set identity.cli in the config: the principal this command acts as');
    const me = { id: cli.id, name: cli.name ?? cli.id, groups: cli.groups, kind: cli.kind };
    const result = await runKillSwitchAction(store, createRecorder(store, createScrubber(config.secretValues)), me, input, options.reason ?? '');
    const t = new TerminalText();
    if (!result.ok) {
      console.error(`gatehouse: ${result.code}: ${t.line(result.message)}`);
      process.exitCode = 1;
      return;
    }
    const done = input.action === 'end' ? 'ended' : input.action === 'suspend' ? 'suspended' : 'resumed';
    console.log(`${input.action === 'end' ? 'session' : 'principal'} ${t.line(result.revocation.id)} ${done}`);
  } finally {
    await store.close();
  }
}

/** The action, or undefined for `principals list`. */
function parse(command: 'principals' | 'sessions', action: string | undefined, id: string | undefined): KillSwitchAction | undefined {
  if (command === 'principals' && action === 'list') return undefined;
  if (!id) throw new UsageError(command === 'sessions' ? 'sessions end takes a session id' : `principals ${action ?? ''} takes a principal id`);
  if (command === 'sessions' && action === 'end') return { action: 'end', session: id };
  if (command === 'principals' && (action === 'suspend' || action === 'resume')) return { action, principal: id };
  throw new UsageError('principals takes suspend ID | resume ID | list; sessions takes list | end ID');
}

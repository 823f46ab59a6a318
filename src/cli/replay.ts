// gatehouse sessions list [filters] and gatehouse replay SESSION [--format text|json] [--speed N]:
// the auditor's view of what agents did, exactly as the agents saw it, read from the server or a
// store. Agent text (client names, principals, recorded output) is printed through
// render/terminal.ts, never raw, and wrapped at the terminal's width (render/screen.ts).
import { buildTimeline, renderCall, renderHeader, renderTimeline } from '../audit/replay.ts';
import { playRecording } from '../audit/playback.ts';
import { fitToScreen, ScreenRows } from '../render/screen.ts';
import { TerminalText, terminalJson } from '../render/terminal.ts';
import { UsageError } from './args.ts';
import { openAuditSource, type AuditSource, type SessionRecord } from './audit-source.ts';
import type { ChainCheck } from '../audit/chain.ts';
import type { RemoteOptions } from './remote/client-config.ts';

export interface AuditReadOptions extends RemoteOptions {
  config?: string;
  store?: string;
  principal?: string;
  since?: string;
  tool?: string;
  target?: string;
  effect?: string;
  format?: string;
  speed?: string;
}

export async function sessionsList(options: AuditReadOptions): Promise<void> {
  const source = await openAuditSource(options);
  try {
    const sessions = await source.sessions({
      ...(options.principal ? { principal: options.principal } : {}),
      ...(options.since ? { since: options.since } : {}),
      ...(options.tool ? { tool: options.tool } : {}),
      ...(options.target ? { target: options.target } : {}),
      ...(options.effect ? { effect: options.effect } : {}),
    });
    if (options.format === 'json') return void console.log(terminalJson(sessions, 2));
    if (sessions.length === 0) return void console.log('no sessions');
    for (const s of sessions) {
      const t = new TerminalText();
      const effects = Object.entries(s.effects).map(([k, v]) => `${k} ${v}`).join(', ');
      const line = `${t.line(s.id)}  ${t.line(s.startedAt)}  ${t.line(s.principal).padEnd(14)} ${t.line(s.transport).padEnd(5)} ${t.line(s.client || '-').padEnd(20)} ${String(s.calls).padStart(4)} calls  ${t.line(effects)}  ${t.line(s.targets.join(','))}`;
      console.log(fitToScreen(t.found.size > 0 ? `${line}  [hidden characters shown escaped]` : line));
    }
  } finally {
    await source.close();
  }
}

/** The record of the session `given` names: its whole id, or a prefix of one (`3f2a…`, as sessions list shows). */
async function sessionRecord(source: AuditSource, given: string): Promise<SessionRecord> {
  const exact = await source.sessionRecord(given);
  if (exact.events.length > 0) return exact;
  const prefix = given.replace(/(\.\.\.|…)$/, '');
  // The ids are agent-chosen text: main prints the message through the renderer.
  if (prefix.length < 4) throw new UsageError(`no session ${given}`);
  const matches = (await source.sessions({})).filter((s) => s.id.startsWith(prefix)).map((s) => s.id);
  if (matches.length === 1) return source.sessionRecord(matches[0] as string);
  if (matches.length === 0) throw new UsageError(`no session ${given} (and none whose id starts with it)`);
  throw new UsageError(`${matches.length} sessions start with ${prefix}: ${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', ...' : ''}; give more of the id`);
}

/** Said before anything of a session the chain does not vouch for, which then exits 1. Escaped: a server sent it. */
function chainWarning(chain: Extract<ChainCheck, { ok: false }>): string {
  return new TerminalText().line(`WARNING: the audit chain does not vouch for this session, at event ${chain.seq}: ${chain.problem}. What follows may not be what was recorded; \`gatehouse audit verify\` checks the whole log.`);
}

export async function replay(session: string | undefined, options: AuditReadOptions): Promise<void> {
  if (!session) throw new UsageError('replay needs a session id (see gatehouse sessions list)');
  const source = await openAuditSource(options);
  try {
    if (options.format && options.format !== 'text' && options.format !== 'json') throw new UsageError('--format is text or json');
    const speed = options.speed === undefined ? 0 : Number(options.speed);
    if (!(speed >= 0)) throw new UsageError('--speed is a number: 1 plays recorded output in real time, 2 twice as fast, 0 at once');
    const { events, chain } = await sessionRecord(source, session);
    const timeline = buildTimeline(events);
    if (!chain.ok) process.exitCode = 1;
    if (options.format === 'json') return void console.log(terminalJson({ ...timeline, chain }, 2));
    // Both streams draw on one screen: its rows are wrapped as one.
    const screen = new ScreenRows();
    const show = (text: string, stream: NodeJS.WriteStream = process.stdout) => stream.write(screen.fit(text));
    if (!chain.ok) show(`${chainWarning(chain)}\n\n`);
    if (speed === 0) return void show(renderTimeline(timeline));
    show(`${renderHeader(timeline).join('\n')}\n`);
    for (const [index, call] of timeline.calls.entries()) {
      if (!call.recording?.length) {
        show(`${renderCall(call, index).join('\n')}\n`);
        continue;
      }
      // The call, then its output as the agent's command produced it, at the chosen pace.
      show(`${renderCall(call, index, { withOutcome: false }).slice(0, -1).join('\n')}\n    agent saw (played back at ${speed}x)\n`);
      await playRecording(call.recording, speed, (stream, text) => show(text, stream === 'err' ? process.stderr : process.stdout));
    }
  } finally {
    await source.close();
  }
}

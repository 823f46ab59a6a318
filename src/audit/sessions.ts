// Sessions as auditors list them: one summary per session, built from the audit events, with the
// filters `gatehouse sessions list` offers.
import type { AuditEvent } from './events.ts';

export interface SessionSummary {
  id: string;
  principal: string;
  transport: string;
  client: string;
  /** The client named itself with hidden characters: `client` holds them escaped. */
  clientEscaped?: true;
  startedAt: string;
  lastAt: string;
  calls: number;
  effects: Record<string, number>;
  tools: string[];
  targets: string[];
}

export interface SessionFilter {
  principal?: string;
  since?: string;
  tool?: string;
  target?: string;
  effect?: string;
}

/** Session summaries built one event at a time, so a walk made for something else can build them too. */
export class SessionIndex {
  private readonly sessions = new Map<string, SessionSummary>();

  add(e: AuditEvent): void {
    let s = this.sessions.get(e.session);
    if (!s) {
      s = { id: e.session, principal: e.principal ?? '', transport: '', client: '', startedAt: e.time, lastAt: e.time, calls: 0, effects: {}, tools: [], targets: [] };
      this.sessions.set(e.session, s);
    }
    s.lastAt = e.time;
    if (e.type === 'session.started') {
      s.transport = String(e.data.transport ?? '');
      s.client = String(e.data.client ?? '');
      if (e.data.clientEscaped === true) s.clientEscaped = true;
    }
    if (e.type === 'call.requested') s.calls++;
    if (e.type === 'call.decided') s.effects[String(e.data.effect)] = (s.effects[String(e.data.effect)] ?? 0) + 1;
    if (e.tool && !s.tools.includes(e.tool)) s.tools.push(e.tool);
    if (e.target && !s.targets.includes(e.target)) s.targets.push(e.target);
  }

  /** The sessions that pass the filter, newest first. */
  summaries(filter: SessionFilter = {}): SessionSummary[] {
    return [...this.sessions.values()]
      .filter(
        (s) =>
          (!filter.principal || s.principal === filter.principal) &&
          (!filter.since || s.lastAt >= filter.since) &&
          (!filter.tool || s.tools.includes(filter.tool)) &&
          (!filter.target || s.targets.includes(filter.target)) &&
          (!filter.effect || (s.effects[filter.effect] ?? 0) > 0),
      )
      .sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
  }
}

export async function listSessions(events: AsyncIterable<AuditEvent> | Iterable<AuditEvent>, filter: SessionFilter = {}): Promise<SessionSummary[]> {
  const index = new SessionIndex();
  for await (const e of events) index.add(e);
  return index.summaries(filter);
}

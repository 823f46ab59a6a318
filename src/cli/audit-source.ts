// Where `gatehouse sessions`, `replay` and `audit verify | export` read the record: the server's
// people API as the person signed in (--server, $GATEHOUSE_SERVER or the client config), a store
// read directly with the auditor's read-only credential (--store), or the local config's store.
import type { ChainCheck } from '../audit/chain.ts';
import type { AuditEvent } from '../audit/events.ts';
import { listSessions, type SessionFilter, type SessionSummary } from '../audit/sessions.ts';
import { verifySessionChain, verifyStore } from '../audit/verify.ts';
import { pagedEvents } from '../store/paged-events.ts';
import type { Store } from '../store/store.ts';
import { openConfiguredStore } from './args.ts';
import { remoteTarget, type RemoteOptions } from './remote/client-config.ts';
import { connectServer, type ServerClient } from './remote/server-client.ts';

export interface AuditSource {
  sessions(filter: SessionFilter): Promise<SessionSummary[]>;
  /** One session's events, oldest first. */
  sessionEvents(session: string): Promise<AuditEvent[]>;
  /** One session's events, oldest first, and whether the chain still vouches for them (verifySessionChain). */
  sessionRecord(session: string): Promise<SessionRecord>;
  verify(): Promise<ChainCheck>;
  headSeq(): Promise<number>;
  /** Events after `seq` up to the current end, oldest first. */
  eventsAfter(seq: number): AsyncIterable<AuditEvent>;
  close(): Promise<void>;
}

export interface SessionRecord {
  events: AuditEvent[];
  chain: ChainCheck;
}

export async function openAuditSource(options: RemoteOptions & { config?: string; store?: string }): Promise<AuditSource> {
  const remote = options.store ? undefined : remoteTarget(options);
  return remote ? serverAudit(await connectServer(remote)) : storeAudit(await openConfiguredStore(options));
}

function storeAudit(store: Store): AuditSource {
  return {
    sessions: (filter) => listSessions(store.allEvents(), filter),
    sessionEvents: (session) => store.events({ session, limit: 1_000_000 }),
    async sessionRecord(session) {
      const events = await store.events({ session, limit: 1_000_000 });
      return { events, chain: await verifySessionChain(store, events) };
    },
    verify: () => verifyStore(store),
    headSeq: async () => (await store.auditHead()).seq,
    eventsAfter: (seq) => pagedEvents(store, seq),
    close: () => store.close(),
  };
}

function serverAudit(client: ServerClient): AuditSource {
  async function sessionAnswer(session: string): Promise<SessionRecord> {
    const answer = await client.get<{ events: AuditEvent[]; truncated: boolean; chain: ChainCheck }>(`/sessions/${encodeURIComponent(session)}/events`);
    if (answer.truncated) console.error(`gatehouse: the server sent the first ${answer.events.length} events of this session`);
    return { events: answer.events, chain: answer.chain };
  }
  return {
    async sessions(filter) {
      const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string'));
      return (await client.get<{ sessions: SessionSummary[] }>(`/sessions${query.size > 0 ? `?${query}` : ''}`)).sessions;
    },
    sessionEvents: async (session) => (await sessionAnswer(session)).events,
    // The server holds the events it sends to the chain, in the same request.
    sessionRecord: sessionAnswer,
    verify: async () => (await client.get<{ check: ChainCheck }>('/audit/verify')).check,
    headSeq: async () => (await client.get<{ head: { seq: number } }>('/audit/head')).head.seq,
    async *eventsAfter(seq) {
      let after = seq;
      for (;;) {
        const { events } = await client.get<{ events: AuditEvent[] }>(`/audit/events?after=${after}`);
        yield* events;
        const last = events.at(-1);
        if (!last) return;
        after = last.seq;
      }
    },
    close: async () => undefined,
  };
}

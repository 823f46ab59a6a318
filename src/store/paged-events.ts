// Events in sequence order, read page by page through `events()`: no connection or statement is
// held between pages, and between pages the process serves other work (a long read through the
// synchronous SQLite driver would otherwise stall the server).
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AuditEvent } from '../audit/events.ts';
import type { AuditQuery, Store } from './store.ts';

const PAGE = 1000;

/** Events after `afterSeq` up to `throughSeq` (both sequence numbers), oldest first; with `session`, only that session's, with `types` only those. */
export async function* pagedEvents(store: Pick<Store, 'events'>, afterSeq = 0, throughSeq = Number.POSITIVE_INFINITY, session?: string, types?: AuditQuery['types']): AsyncIterable<AuditEvent> {
  let after = afterSeq;
  for (;;) {
    const page = await store.events({ afterSeq: after, limit: PAGE, ...(session === undefined ? {} : { session }), ...(types ? { types } : {}) });
    for (const event of page) {
      if (event.seq > throughSeq) return;
      yield event;
    }
    const last = page.at(-1);
    if (page.length < PAGE || !last) return;
    after = last.seq;
    await nextTurn();
  }
}

// The principals the audit log has suspended: its `principal.suspended` and `principal.resumed`
// events, replayed in order from the kill switch's own session (indexed, and small: operators' acts
// only). The revocations table says the same; this second source is what lets a replica notice a
// revocation row deleted outside gatehouse (no resume on record), keep the principal suspended and
// report it. Read incrementally: each poll asks only for events after the last one seen.
import type { Store } from '../store/store.ts';
import { pagedEvents } from '../store/paged-events.ts';
import { KILL_SWITCH_SESSION } from './actions.ts';
import type { Revocation } from './model.ts';

export function auditSuspensions(store: Pick<Store, 'events'>): () => Promise<ReadonlyMap<string, Revocation>> {
  const suspended = new Map<string, Revocation>();
  let after = 0;
  return async () => {
    for await (const e of pagedEvents(store, after, Number.POSITIVE_INFINITY, KILL_SWITCH_SESSION)) {
      after = e.seq;
      const subject = e.data.subject;
      if (typeof subject !== 'string') continue;
      if (e.type === 'principal.resumed') suspended.delete(subject);
      if (e.type !== 'principal.suspended') continue;
      const by = (e.data.by as { id?: unknown } | undefined)?.id;
      suspended.set(subject, { kind: 'principal', id: subject, by: typeof by === 'string' ? by : (e.principal ?? ''), reason: String(e.data.reason ?? ''), at: e.time });
    }
    return suspended;
  };
}

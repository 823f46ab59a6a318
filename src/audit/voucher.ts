// What the server vouches for when it signs a checkpoint. The store's head alone is not enough: an
// insider who controls the store (its append function, a trigger) can rewrite events as they are
// inserted, hand back the hashes the server expects, and the rewritten chain would then be signed
// as the truth. So the server remembers the hash it computed for each event it appended, and
// before a checkpoint it reads the store's chain on from the last point it vouched for: every link
// must hold, and every event it appended must carry the hash it computed. Only a head reached that
// way is signed. Events other replicas appended are held to their hashes by those replicas.
import { pagedEvents } from '../store/paged-events.ts';
import type { Store } from '../store/store.ts';
import { newestAnchor, type ChainPoint } from './chain.ts';
import type { AuditEvent } from './events.ts';

/** The store's chain does not hold what this server appended: nothing after the last good point may be signed. */
export class ChainRewritten extends Error {}

export interface ChainVoucher {
  /** Events this server appended, with the hashes it computed (the store's answers, checked on arrival). */
  saw(events: readonly AuditEvent[]): void;
  /** Reads the chain on to the store's head, checks it, and returns the newest point it vouches for. */
  vouch(): Promise<ChainPoint>;
}

/** Past this many unchecked events of its own, the voucher reads the chain in the background, so memory stays bounded. */
const VOUCHER_BACKLOG = 10_000;
/** Hashes of the events read most recently, for an append whose answer arrives after the event was read. */
const RECENT = 65_536;

export function createChainVoucher(store: Pick<Store, 'events' | 'auditAnchors'>, start: ChainPoint): ChainVoucher {
  let vouched = start;
  /** The newest event any walk has read: one of its own that arrives at or below it was read without its hash to hold it to. */
  let reached = start.seq;
  /** Own events not yet read back, by sequence number. */
  const own = new Map<number, string>();
  const recent: Array<ChainPoint | undefined> = new Array<ChainPoint | undefined>(RECENT);
  let problem: string | undefined;
  let running: Promise<ChainPoint> | undefined;
  let walking = 0;

  const fail = (message: string): never => {
    problem ??= message;
    throw new ChainRewritten(problem);
  };

  function check(seq: number, stored: string, computed: string): void {
    if (stored !== computed) fail(`event ${seq}, which this server appended with hash ${computed}, has hash ${stored} in the store`);
  }

  /** Where the chain goes on after `from` when a retention prune removed the events that followed it. */
  async function resumeAfterPrune(from: ChainPoint, next: AuditEvent): Promise<ChainPoint> {
    const anchor = newestAnchor(await store.auditAnchors());
    if (!anchor || anchor.throughSeq < from.seq || anchor.throughSeq !== next.seq - 1) {
      return fail(`the chain breaks after event ${from.seq}: event ${next.seq} follows it`);
    }
    for (const seq of own.keys()) if (seq <= anchor.throughSeq) own.delete(seq);
    return { seq: anchor.throughSeq, hash: anchor.throughHash };
  }

  async function walk(): Promise<ChainPoint> {
    if (problem) fail(problem);
    let point = vouched;
    for await (const event of pagedEvents(store, point.seq)) {
      if (event.seq !== point.seq + 1) point = await resumeAfterPrune(point, event);
      if (event.prevHash !== point.hash) fail(`event ${event.seq} does not link to event ${point.seq}`);
      const computed = own.get(event.seq);
      if (computed !== undefined) {
        check(event.seq, event.hash, computed);
        own.delete(event.seq);
      }
      point = { seq: event.seq, hash: event.hash };
      recent[event.seq % RECENT] = point;
      if (event.seq > reached) reached = event.seq;
    }
    vouched = point;
    return point;
  }

  function vouch(): Promise<ChainPoint> {
    // One walk at a time; a caller that comes during one waits for it and walks on from there.
    walking++;
    const next = (running ?? Promise.resolve(vouched)).catch(() => vouched).then(walk).finally(() => walking--);
    running = next;
    return next;
  }

  return {
    saw(events) {
      for (const event of events) {
        if (event.seq > reached) {
          own.set(event.seq, event.hash);
          continue;
        }
        // Read back before its append's answer arrived: held to what was read then.
        const read = recent[event.seq % RECENT];
        if (read?.seq !== event.seq) problem ??= `event ${event.seq} was read back before its append returned, and can no longer be checked`;
        else if (read.hash !== event.hash) problem ??= `event ${event.seq}, which this server appended with hash ${event.hash}, has hash ${read.hash} in the store`;
      }
      if (own.size > VOUCHER_BACKLOG && !problem && walking === 0) vouch().catch(() => undefined);
    },
    vouch,
  };
}

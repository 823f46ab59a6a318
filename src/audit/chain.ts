// The hash chain: each event's hash covers its canonical JSON and the previous event's hash, so an
// edited, deleted, inserted or reordered event breaks every link after it.
//
// Two records beside the chain close its ends. After a retention prune the chain starts later: the
// newest anchor says events 1..K were removed and K hashed to H, so the first remaining event must be
// K+1 and link to H. Every anchor is confirmed by the chained `audit.pruned` event written with it,
// so an edited or invented anchor fails. At the other end the head (the store's record of the newest
// event, moved by every append) catches events deleted from the end, which no link can show.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';
import { GENESIS_HASH, type AuditEvent, type PrunedData } from './events.ts';

/** `dataJson` is the canonical JSON of `event.data`, passed in so appends serialize the data once. */
export function hashEvent(event: Omit<AuditEvent, 'hash' | 'data'>, dataJson: string): string {
  const { prevHash, ...meta } = event;
  return hashCanonical(prevHash, canonicalJson(meta), dataJson);
}

/** The same hash from the canonical JSON of the event's fields but prevHash and data, for a caller that already has it. */
export function hashCanonical(prevHash: string, metaJson: string, dataJson: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(metaJson).update('\n').update(dataJson).digest('hex');
}

/** An event's place in the chain: the head is the newest one. */
export interface ChainPoint {
  seq: number;
  hash: string;
}

/** A retention prune as the store keeps it beside the chain: what its `audit.pruned` event says, when, and where that event is. */
export interface AuditAnchor extends PrunedData {
  time: string;
  eventSeq: number;
}

export interface ChainExpectations {
  /** Every anchor the store keeps; the newest says where the chain starts. */
  anchors?: readonly AuditAnchor[];
  /** The head read before the walk: the chain must reach it; events after it were appended during the walk. */
  head?: ChainPoint;
}

export type ChainCheck =
  | { ok: true; count: number; lastSeq: number; lastHash: string; pruned?: AuditAnchor }
  | { ok: false; count: number; seq: number; problem: string };

/** The anchor the chain starts after: the one through the highest sequence number. */
export function newestAnchor(anchors: readonly AuditAnchor[]): AuditAnchor | undefined {
  return anchors.reduce<AuditAnchor | undefined>((newest, a) => (!newest || a.throughSeq > newest.throughSeq ? a : newest), undefined);
}

/** Walks events in sequence order from where the newest anchor says the chain starts. */
export async function verifyChain(events: AsyncIterable<AuditEvent> | Iterable<AuditEvent>, expect: ChainExpectations = {}): Promise<ChainCheck> {
  const { anchors = [], head } = expect;
  const start = newestAnchor(anchors);
  let prev = start?.throughHash ?? GENESIS_HASH;
  let lastSeq = start?.throughSeq ?? 0;
  let count = 0;
  // Anchors whose audit.pruned event should still be in the chain, by that event's sequence number.
  const unconfirmed = new Map(anchors.filter((a) => a.eventSeq > lastSeq).map((a) => [a.eventSeq, a]));
  const broken = (seq: number, problem: string): ChainCheck => ({ ok: false, count, seq, problem });
  for await (const event of events) {
    if (head && event.seq > head.seq) break;
    if (count === 0 && event.seq !== lastSeq + 1) return broken(event.seq, missingStart(start, event.seq));
    if (event.seq <= lastSeq) return broken(event.seq, `sequence ${event.seq} is out of order after ${lastSeq}`);
    if (event.prevHash !== prev) {
      if (count === 0 && start) return broken(event.seq, `the first event does not link to the anchor of the prune through ${start.throughSeq} (the anchor or the event was altered)`);
      return broken(event.seq, 'link to the previous event is broken (an event was removed, inserted or reordered)');
    }
    const { hash, data, ...meta } = event;
    if (hashEvent(meta, canonicalJson(data)) !== hash) return broken(event.seq, 'event content does not match its hash (the event was edited)');
    if (event.seq !== lastSeq + 1) return broken(event.seq, `sequence ${event.seq} follows ${lastSeq}: numbers were skipped`);
    const anchorProblem = checkAnchorEvent(event, unconfirmed);
    if (anchorProblem) return broken(event.seq, anchorProblem);
    prev = hash;
    lastSeq = event.seq;
    count++;
  }
  if (head && lastSeq < head.seq) {
    const missing = head.seq - lastSeq;
    return broken(lastSeq + 1, `the newest ${missing === 1 ? 'event is' : `${missing} events are`} missing: the head is at ${head.seq}, the chain ends at ${lastSeq}`);
  }
  if (head && prev !== head.hash) return broken(lastSeq, 'the newest event does not match the head (it was replaced)');
  // Anchors are read before the head, so with a head every anchor's event must have been walked.
  const orphan = [...unconfirmed.values()].find((a) => head || a.eventSeq <= lastSeq);
  if (orphan) return broken(orphan.eventSeq, `the anchor of the prune through ${orphan.throughSeq} has no audit.pruned event at ${orphan.eventSeq} (the anchor was forged)`);
  return { ok: true, count, lastSeq, lastHash: prev, ...(start ? { pruned: start } : {}) };
}

function missingStart(start: AuditAnchor | undefined, seq: number): string {
  const expected = (start?.throughSeq ?? 0) + 1;
  if (seq < expected) return `event ${seq} is older than the prune through ${expected - 1}, which removed it (the anchor or the event was altered)`;
  const range = expected === seq - 1 ? `event ${expected} is` : `events ${expected}..${seq - 1} are`;
  return start ? `${range} missing after the prune through ${start.throughSeq}` : `${range} missing and no prune recorded their removal`;
}

/** An audit.pruned event and the anchor kept with it must agree; either one alone is a forgery. */
function checkAnchorEvent(event: AuditEvent, unconfirmed: Map<number, AuditAnchor>): string | undefined {
  const anchor = unconfirmed.get(event.seq);
  if (event.type !== 'audit.pruned') return anchor ? `the anchor of the prune through ${anchor.throughSeq} names event ${event.seq}, which is not an audit.pruned event (the anchor was forged)` : undefined;
  if (!anchor) return 'this audit.pruned event has no anchor (the anchors were altered)';
  unconfirmed.delete(event.seq);
  const d = event.data as Partial<PrunedData>;
  const agrees = d.throughSeq === anchor.throughSeq && d.throughHash === anchor.throughHash && d.removed === anchor.removed && d.before === anchor.before && event.time === anchor.time;
  return agrees ? undefined : `the anchor of the prune through ${anchor.throughSeq} does not match its audit.pruned event (the anchor was altered)`;
}

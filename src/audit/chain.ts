// The hash chain: each event's hash covers its canonical JSON and the previous event's hash, so an
// edited, deleted, inserted or reordered event breaks every link after it.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';
import { GENESIS_HASH, type AuditEvent } from './events.ts';

/** `dataJson` is the canonical JSON of `event.data`, passed in so appends serialize the data once. */
export function hashEvent(event: Omit<AuditEvent, 'hash' | 'data'>, dataJson: string): string {
  const { prevHash, ...meta } = event;
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(meta)).update('\n').update(dataJson).digest('hex');
}

export type ChainCheck = { ok: true; count: number; lastHash: string } | { ok: false; count: number; seq: number; problem: string };

/** Walks events in sequence order; `anchor` is the hash the first event must link to. */
export async function verifyChain(events: AsyncIterable<AuditEvent> | Iterable<AuditEvent>, anchor = GENESIS_HASH): Promise<ChainCheck> {
  let prev = anchor;
  let lastSeq = 0;
  let count = 0;
  for await (const event of events) {
    if (event.seq <= lastSeq) return { ok: false, count, seq: event.seq, problem: `sequence ${event.seq} is out of order after ${lastSeq}` };
    if (event.prevHash !== prev) {
      return { ok: false, count, seq: event.seq, problem: 'link to the previous event is broken (an event was removed, inserted or reordered)' };
    }
    const { hash, data, ...meta } = event;
    if (hashEvent(meta, canonicalJson(data)) !== hash) return { ok: false, count, seq: event.seq, problem: 'event content does not match its hash (the event was edited)' };
    prev = hash;
    lastSeq = event.seq;
    count++;
  }
  return { ok: true, count, lastHash: prev };
}

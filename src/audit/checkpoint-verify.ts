// Holds a store's chain against signed checkpoints (already checked with the public key): every
// checkpoint whose event the store still holds must name that event's hash, none may lie past the
// store's head, and one at the retention anchor must name the anchored hash. A checkpoint whose event
// a prune removed is "before retention": it is counted, and vouches for nothing left. The newest
// checkpoint must not be one of those: a prune no checkpoint was signed after cannot be told from a
// forged one hiding a rewrite, so verify fails until the server signs the next checkpoint.
import { newestAnchor, type ChainCheck } from './chain.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { AuditEvent } from './events.ts';
import type { WitnessFactory } from './verify.ts';

interface Finding {
  seq: number;
  problem: string;
}

export interface CheckpointTally {
  /** Checkpoints held against an event (or the anchor) the store still has. */
  matched: number;
  /** Checkpoints whose event a prune removed. */
  beforeRetention: number;
}

/**
 * Checkpoints are taken in order of sequence number; two that sign different hashes for one event
 * are a finding of their own. `copies`: the hash of each event in the live sink file, by sequence
 * number. Each must match the store's event; a copy past the store's head is an event the store lost.
 */
export function checkpointWitness(checkpoints: readonly Checkpoint[], tally: CheckpointTally = { matched: 0, beforeRetention: 0 }, copies: ReadonlyMap<number, string> = new Map()): WitnessFactory {
  const sorted = [...checkpoints].sort((a, b) => a.seq - b.seq);
  const newest = sorted.at(-1);
  return (anchors, head) => {
    tally.matched = 0;
    tally.beforeRetention = 0;
    const anchor = newestAnchor(anchors);
    const start = anchor?.throughSeq ?? 0;
    const findings: Finding[] = [];
    const bySeq = new Map<number, Checkpoint>();
    for (const c of sorted) {
      const other = bySeq.get(c.seq);
      if (other && other.hash !== c.hash) findings.push({ seq: c.seq, problem: `two checkpoints (signed at ${other.time} and ${c.time}) name different hashes for event ${c.seq}: the chain was rewritten while the server kept signing` });
      bySeq.set(c.seq, c);
    }
    const pastHead = sorted.find((c) => c.seq > head.seq);
    if (pastHead) {
      const removed = pastHead.seq === head.seq + 1 ? `event ${pastHead.seq} was` : `events ${head.seq + 1}..${pastHead.seq} were`;
      findings.push({ seq: head.seq + 1, problem: `the store ends at event ${head.seq}, but the checkpoint signed at ${pastHead.time} vouches for event ${pastHead.seq}: ${removed} removed and the head moved back` });
    }
    for (const c of sorted) {
      if (c.seq === 0 || c.seq > start) continue;
      if (c.seq < start) tally.beforeRetention++;
      else if (anchor && c.hash !== anchor.throughHash) findings.push({ seq: c.seq, problem: `the anchor of the prune through ${c.seq} does not match the checkpoint signed at ${c.time} (the anchor was altered, or events before it were rewritten)` });
      else tally.matched++;
    }
    const lostCopy = [...copies.keys()].find((seq) => seq > head.seq);
    if (lostCopy !== undefined) findings.push({ seq: head.seq + 1, problem: `the sink holds event ${lostCopy}, but the store ends at event ${head.seq}: the newest events were removed from the store` });
    if (newest && anchor && newest.seq < start) {
      findings.push({ seq: newest.seq, problem: `the newest checkpoint (event ${newest.seq}, signed at ${newest.time}) lies in the range the prune through ${start} removed, and no checkpoint was signed after that prune: it cannot be told from a forged one; verify again after the server's next checkpoint` });
    }

    let lastGood = start;
    /** A checkpoint that does not match: the bad event lies in seq..through. */
    let mismatch: (Finding & { through: number }) | undefined;
    let copyMismatch: Finding | undefined;
    async function* events(source: AsyncIterable<AuditEvent>): AsyncIterable<AuditEvent> {
      for await (const event of source) {
        const copy = event.seq <= head.seq ? copies.get(event.seq) : undefined;
        if (copy !== undefined && copy !== event.hash && !copyMismatch) copyMismatch = { seq: event.seq, problem: `the store's event ${event.seq} differs from the sink's copy of it (one of them was changed)` };
        const c = event.seq <= head.seq ? bySeq.get(event.seq) : undefined;
        if (c && !mismatch) {
          if (c.hash === event.hash) {
            tally.matched++;
            lastGood = event.seq;
          } else {
            const from = lastGood + 1;
            const range = from === event.seq ? `event ${from} was` : `events ${from}..${event.seq} were`;
            mismatch = { seq: from, through: event.seq, problem: `the store's event ${event.seq} does not match the checkpoint signed at ${c.time}: ${range} changed, removed, reordered or re-hashed` };
          }
        }
        yield event;
      }
    }

    return {
      events,
      verdict(check: ChainCheck): ChainCheck {
        // A sink copy that differs inside a mismatched checkpoint's range pins the event the range only bounds.
        const pinned = copyMismatch && mismatch && copyMismatch.seq <= mismatch.through;
        const all = [...(check.ok ? [] : [{ seq: check.seq, problem: check.problem }]), ...(mismatch && !pinned ? [mismatch] : []), ...findings, ...(copyMismatch ? [copyMismatch] : [])];
        // Sorted stably by sequence number: at a tie the chain's own finding, the most specific, comes first.
        const first = all.sort((a, b) => a.seq - b.seq)[0];
        return first ? { ok: false, count: check.count, seq: first.seq, problem: first.problem } : check;
      },
    };
  };
}

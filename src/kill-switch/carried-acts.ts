// Retention and the kill switch. A prune removes the chain's oldest events, and the acts among them
// may still be in force: once gone, a suspension whose row an insider then deletes would be lifted
// for every replica started afterwards. So a prune never lets an act in force go: every suspension
// and ended session in force at the head (replayed with the seal, as the replicas read them), whose
// act lies in the part removed, is appended again after the audit.pruned event, as it was: same
// type, acting principal and data, seal included (the seal does not cover the place in the chain).
// Acts that lie after the removed part stay where they are, and copying only what is in force at
// the head keeps the order: a suspension a later resume lifted is not copied past that resume.
import type { Seal } from '../approval/seal.ts';
import type { AuditEvent, AuditEventInput } from '../audit/events.ts';
import type { PruneCarry } from '../store/store.ts';
import { actsReplay } from './acts-on-record.ts';
import { KILL_SWITCH_SESSION } from './model.ts';

/** What a prune carries forward: the kill switch's acts in force that it would remove. */
export function actsInForceCarry(seal: Seal): PruneCarry {
  return {
    session: KILL_SWITCH_SESSION,
    keep(events, throughSeq) {
      // Tampering is reported where replicas read the acts; the prune only keeps what they would keep.
      const { replay, inForce } = actsReplay(seal, () => undefined);
      for (const e of events) replay(e);
      return [...inForce.values()]
        .map(({ event }) => event)
        .filter((e) => e.seq <= throughSeq)
        .sort((a, b) => a.seq - b.seq)
        .map(asInput);
    },
  };
}

function asInput(e: AuditEvent): AuditEventInput {
  const { seq: _seq, time: _time, prevHash: _prevHash, hash: _hash, ...input } = e;
  return input;
}

// The part of a retention prune both stores share: which prefix of the chain goes, checked before
// anything is removed, and the audit.pruned event that records it. The stores then remove it under
// their own lock, after making sure no other prune got there first.
import { newestAnchor, verifyChain, type AuditAnchor } from '../audit/chain.ts';
import { RETENTION_SESSION, type AuditEvent, type AuditEventInput, type PrunedData } from '../audit/events.ts';
import { pagedEvents } from './paged-events.ts';
import type { PruneResult, Store } from './store.ts';

export interface PrunePlan extends PrunedData {
  /** The throughSeq of the newest anchor the plan was made after (0 before any prune). */
  afterSeq: number;
  fromSeq: number;
}

/** A prune that would destroy evidence: the part to remove does not verify. */
export class PruneRefused extends Error {
  readonly code = 'prune_refused';
}

/**
 * Plans removing events up to `throughSeq` (the newest event older than `before`; undefined when
 * none is). The removed part is verified first, from the newest anchor: once gone, tampering in it
 * could never be shown again.
 */
export async function planPrune(store: Pick<Store, 'events' | 'auditAnchors'>, throughSeq: number | undefined, before: string): Promise<PrunePlan | undefined> {
  const anchors = await store.auditAnchors();
  const afterSeq = newestAnchor(anchors)?.throughSeq ?? 0;
  if (throughSeq === undefined || throughSeq <= afterSeq) return undefined;
  const check = await verifyChain(pagedEvents(store, afterSeq, throughSeq), { anchors });
  if (!check.ok) throw new PruneRefused(`the events to prune do not verify (event ${check.seq}: ${check.problem}); nothing was removed`);
  return { afterSeq, fromSeq: afterSeq + 1, throughSeq, throughHash: check.lastHash, removed: throughSeq - afterSeq, before };
}

export function prunedEvent(plan: PrunePlan, principal: string | undefined): AuditEventInput {
  const { throughSeq, throughHash, removed, before } = plan;
  const data: PrunedData = { throughSeq, throughHash, removed, before };
  return { type: 'audit.pruned', session: RETENTION_SESSION, ...(principal ? { principal } : {}), data: { ...data } };
}

export function resultOf(plan: PrunePlan): PruneResult {
  const { afterSeq: _afterSeq, ...result } = plan;
  return result;
}

/** The anchor kept beside the chain: the plan's facts, and the audit.pruned event that vouches for them. */
export function anchorOf(plan: PrunePlan, event: AuditEvent): AuditAnchor {
  return { throughSeq: plan.throughSeq, throughHash: plan.throughHash, removed: plan.removed, before: plan.before, time: event.time, eventSeq: event.seq };
}

// The part of a retention prune both stores share: which prefix of the chain goes, checked before
// anything is removed, and the audit.pruned event that records it. The stores then remove it under
// their own lock, after making sure no other prune got there first.
import { newestAnchor, verifyChain, type AuditAnchor } from '../audit/chain.ts';
import { RETENTION_SESSION, type AuditEvent, type AuditEventInput, type PrunedData } from '../audit/events.ts';
import { pagedEvents } from './paged-events.ts';
import type { PruneOptions, PruneResult, Store } from './store.ts';

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
 * Most events one locked step of a prune removes. Appends wait for that step's delete (the server's
 * own, on SQLite, blocks its event loop meanwhile), so a day of a busy server's events is removed in
 * many short steps rather than one that stalls every call for minutes.
 */
export const PRUNE_SLICE_EVENTS = 5000;

/**
 * Plans removing events up to `throughSeq` (the newest event older than `before`; undefined when
 * none is), at most `limit` of them. The removed part is verified first, from the newest anchor:
 * once gone, tampering in it could never be shown again.
 */
async function planPrune(store: Pick<Store, 'events' | 'auditAnchors'>, targetSeq: number | undefined, before: string, limit = Number.POSITIVE_INFINITY): Promise<PrunePlan | undefined> {
  const anchors = await store.auditAnchors();
  const afterSeq = newestAnchor(anchors)?.throughSeq ?? 0;
  if (targetSeq === undefined || targetSeq <= afterSeq) return undefined;
  const throughSeq = Math.min(targetSeq, afterSeq + limit);
  const check = await verifyChain(pagedEvents(store, afterSeq, throughSeq), { anchors });
  if (!check.ok) throw new PruneRefused(`the events to prune do not verify (event ${check.seq}: ${check.problem}); nothing was removed`);
  return { afterSeq, fromSeq: afterSeq + 1, throughSeq, throughHash: check.lastHash, removed: throughSeq - afterSeq, before };
}

/**
 * A store's pruneEvents once it knows `targetSeq`, the newest event older than the cutoff. A dry run
 * plans (and verifies) the whole prefix. Otherwise it prunes a slice at a time: each slice planned
 * and verified from the newest anchor, then removed by `removeSlice` under the store's lock
 * (undefined when another handle pruned first: planning again starts after its anchor), until
 * nothing older is left.
 */
export async function prune(
  store: Pick<Store, 'events' | 'auditAnchors'>,
  targetSeq: number | undefined,
  before: string,
  options: PruneOptions,
  removeSlice: (plan: PrunePlan) => Promise<PruneResult | undefined>,
): Promise<PruneResult | undefined> {
  if (options.dryRun) {
    const plan = await planPrune(store, targetSeq, before);
    return plan && resultOf(plan);
  }
  const slice = options.slice ?? PRUNE_SLICE_EVENTS;
  if (!Number.isInteger(slice) || slice < 1) throw new Error(`a prune slice must be a whole number of events, 1 or more (got ${slice})`);
  let total: PruneResult | undefined;
  for (;;) {
    const plan = await planPrune(store, targetSeq, before, slice);
    if (!plan) return total;
    const removed = await removeSlice(plan);
    if (removed) total = total ? { ...removed, fromSeq: total.fromSeq, removed: total.removed + removed.removed } : removed;
  }
}

export function prunedEvent(plan: PrunePlan, { principal, sealPruned }: PruneOptions): AuditEventInput {
  const { throughSeq, throughHash, removed, before } = plan;
  const data: PrunedData = { throughSeq, throughHash, removed, before };
  return { type: 'audit.pruned', session: RETENTION_SESSION, ...(principal ? { principal } : {}), data: sealPruned ? sealPruned(data) : { ...data } };
}

export function resultOf(plan: PrunePlan): PruneResult {
  const { afterSeq: _afterSeq, ...result } = plan;
  return result;
}

/** The anchor kept beside the chain: the plan's facts, and the audit.pruned event that vouches for them. */
export function anchorOf(plan: PrunePlan, event: AuditEvent): AuditAnchor {
  return { throughSeq: plan.throughSeq, throughHash: plan.throughHash, removed: plan.removed, before: plan.before, time: event.time, eventSeq: event.seq };
}

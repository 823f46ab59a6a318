// Verifies a store's whole audit log: the chain from its newest anchor to its head. What `gatehouse
// audit verify` and the console's audit page report. A witness (signed checkpoints) may watch the
// same walk and hold the chain against what it knows from outside the store.
import { pagedEvents } from '../store/paged-events.ts';
import type { Store } from '../store/store.ts';
import { verifyChain, type AuditAnchor, type ChainCheck, type ChainPoint } from './chain.ts';
import type { AuditEvent } from './events.ts';

type ChainStore = Pick<Store, 'allEvents' | 'auditAnchors' | 'auditHead' | 'unsealedPrune'>;

export interface Witness {
  /** Sees every event the walk reads, in order, and passes it on. */
  events(source: AsyncIterable<AuditEvent>): AsyncIterable<AuditEvent>;
  /** The walk's own verdict weighed with what the witness found: the earliest problem wins. */
  verdict(check: ChainCheck): ChainCheck;
}

/** Made afresh for each walk, from the anchors and head that walk reads. */
export type WitnessFactory = (anchors: readonly AuditAnchor[], head: ChainPoint) => Witness;

export async function verifyStore(store: ChainStore, witness?: WitnessFactory): Promise<ChainCheck> {
  const first = await walk(store, witness);
  if (first.check.ok) return unsealedPrune(store, first.check);
  // A prune that lands while the walk pages through the events removes pages under it. Anchors only
  // grow, so a new one means that happened: no tampering, and the walk is made once more.
  const anchorsNow = (await store.auditAnchors()).length;
  return anchorsNow === first.anchors ? first.check : unsealedPrune(store, (await walk(store, witness)).check);
}

/** A chain that links from a prune made up in the store is no record to vouch for; only a sealed store (holding the seal key) can tell. */
async function unsealedPrune(store: ChainStore, check: ChainCheck): Promise<ChainCheck> {
  const unsealed = check.ok ? await store.unsealedPrune?.() : undefined;
  return unsealed ? { ok: false, count: check.count, seq: unsealed.eventSeq, problem: `${unsealed.problem}; set audit.acceptUnsealedPrune: ${unsealed.throughSeq} once it is understood` } : check;
}

async function walk(store: ChainStore, witness: WitnessFactory | undefined): Promise<{ anchors: number; check: ChainCheck }> {
  const anchors = await store.auditAnchors();
  // The head is read before the walk, so events appended meanwhile lie past it, left for the next verify.
  const head = await store.auditHead();
  const watching = witness?.(anchors, head);
  const check = await verifyChain(watching ? watching.events(store.allEvents()) : store.allEvents(), { anchors, head });
  return { anchors: anchors.length, check: watching ? watching.verdict(check) : check };
}

/**
 * Whether the chain still vouches for one session's events, as a replay shows them: walked from the
 * first of them to the head, so an event of the session edited, removed or put in shows as `audit
 * verify` would show it, without reading the events before the session. Each event walked must be the
 * one shown. A chain re-hashed from before the session to the head is what only checkpoints catch.
 */
export async function verifySessionChain(store: Pick<Store, 'events' | 'auditAnchors' | 'auditHead'>, shown: readonly AuditEvent[]): Promise<ChainCheck> {
  const first = shown[0];
  if (!first) return { ok: true, count: 0, lastSeq: 0, lastHash: '' };
  const anchors = await store.auditAnchors();
  const head = await store.auditHead();
  // The session's first event is the start: the walk holds it to its own hash and to the events after it.
  const start: AuditAnchor = { throughSeq: first.seq - 1, throughHash: first.prevHash, removed: 0, before: '', time: '', eventSeq: 0 };
  const hashes = new Map(shown.map((e) => [e.seq, e.hash]));
  const lastShown = shown[shown.length - 1]?.seq ?? first.seq;
  let changed: number | undefined;
  async function* sameAsShown(): AsyncIterable<AuditEvent> {
    for await (const e of pagedEvents(store, start.throughSeq, head.seq)) {
      const expected = hashes.get(e.seq);
      // Shown, but not as the chain holds it; or of the session, within what was shown, and left out.
      if (expected !== undefined ? expected !== e.hash : e.session === first?.session && e.seq < lastShown) changed ??= e.seq;
      yield e;
    }
  }
  const check = await verifyChain(sameAsShown(), { anchors: [start, ...anchors.filter((a) => a.eventSeq >= first.seq)], head });
  if (changed !== undefined && (check.ok || changed < check.seq)) return { ok: false, count: check.count, seq: changed, problem: 'the event read for the session is not the one the chain holds now (the store changed while it was read)' };
  if (!check.ok) return check;
  // The start is the session's own first event, no prune: the check names none.
  const { pruned: _start, ...walked } = check;
  return walked;
}

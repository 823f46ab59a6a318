// Verifies a store's whole audit log: the chain from its newest anchor to its head. What `gatehouse
// audit verify` and the console's audit page report. A witness (signed checkpoints) may watch the
// same walk and hold the chain against what it knows from outside the store.
import type { Store } from '../store/store.ts';
import { verifyChain, type AuditAnchor, type ChainCheck, type ChainPoint } from './chain.ts';
import type { AuditEvent } from './events.ts';

type ChainStore = Pick<Store, 'allEvents' | 'auditAnchors' | 'auditHead'>;

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
  if (first.check.ok) return first.check;
  // A prune that lands while the walk pages through the events removes pages under it. Anchors only
  // grow, so a new one means that happened: no tampering, and the walk is made once more.
  const anchorsNow = (await store.auditAnchors()).length;
  return anchorsNow === first.anchors ? first.check : (await walk(store, witness)).check;
}

async function walk(store: ChainStore, witness: WitnessFactory | undefined): Promise<{ anchors: number; check: ChainCheck }> {
  const anchors = await store.auditAnchors();
  // The head is read before the walk, so events appended meanwhile lie past it, left for the next verify.
  const head = await store.auditHead();
  const watching = witness?.(anchors, head);
  const check = await verifyChain(watching ? watching.events(store.allEvents()) : store.allEvents(), { anchors, head });
  return { anchors: anchors.length, check: watching ? watching.verdict(check) : check };
}

// Verifies a store's whole audit log: the chain from its newest anchor to its head. What `gatehouse
// audit verify` and the console's audit page report.
import type { Store } from '../store/store.ts';
import { verifyChain, type ChainCheck } from './chain.ts';

type ChainStore = Pick<Store, 'allEvents' | 'auditAnchors' | 'auditHead'>;

export async function verifyStore(store: ChainStore): Promise<ChainCheck> {
  const first = await walk(store);
  if (first.check.ok) return first.check;
  // A prune that lands while the walk pages through the events removes pages under it. Anchors only
  // grow, so a new one means that happened: no tampering, and the walk is made once more.
  const anchorsNow = (await store.auditAnchors()).length;
  return anchorsNow === first.anchors ? first.check : (await walk(store)).check;
}

async function walk(store: ChainStore): Promise<{ anchors: number; check: ChainCheck }> {
  const anchors = await store.auditAnchors();
  // The head is read before the walk, so events appended meanwhile lie past it, left for the next verify.
  const head = await store.auditHead();
  return { anchors: anchors.length, check: await verifyChain(store.allEvents(), { anchors, head }) };
}

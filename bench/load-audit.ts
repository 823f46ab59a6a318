// After a load run: how many calls the audit log shows as finished (a call.result or call.error
// event each), and whether the store's hash chain verifies, as `gatehouse audit verify` checks it.
import { verifyStore } from '../src/audit/verify.ts';
import { openSqliteStore } from '../src/store/sqlite.ts';
import type { Store } from '../src/store/store.ts';

export interface AuditedCalls {
  finishedCalls: number;
  events: number;
  chainOk: boolean;
}

export async function auditedCalls(storeFile: string): Promise<AuditedCalls> {
  const store = openSqliteStore(storeFile);
  try {
    return await auditedCallsIn(store);
  } finally {
    await store.close();
  }
}

/** The same count on a store already open (a shared PostgreSQL store). */
export async function auditedCallsIn(store: Store): Promise<AuditedCalls> {
  let finishedCalls = 0;
  let events = 0;
  for await (const event of store.allEvents()) {
    events++;
    if (event.type === 'call.result' || event.type === 'call.error') finishedCalls++;
  }
  const chain = await verifyStore(store);
  return { finishedCalls, events, chainOk: chain.ok };
}

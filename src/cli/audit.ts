// gatehouse audit verify: walks the hash chain from where retention left it to the store's head and
// reports the first broken link, a forged anchor or a missing tail (exit 1).
import { resolve } from 'node:path';
import { verifyStore } from '../audit/verify.ts';
import { packs } from '../../tools/index.ts';
import { openStore } from '../store/open.ts';
import { configPath, loadOrExit } from './args.ts';

export async function auditVerify(options: { config?: string; store?: string }): Promise<void> {
  // --store names a SQLite file directly; otherwise the config says which store, SQLite or PostgreSQL.
  const location = options.store ? { kind: 'sqlite' as const, file: resolve(options.store) } : loadOrExit(configPath(options.config), packs).store;
  const store = await openStore({ store: location });
  try {
    const check = await verifyStore(store);
    if (check.ok) {
      const pruned = check.pruned ? ` (events 1..${check.pruned.throughSeq} pruned at ${check.pruned.time})` : '';
      console.log(`audit chain ok: ${check.count} events${pruned}, head ${check.lastHash.slice(0, 16)} at event ${check.lastSeq}`);
      return;
    }
    console.error(`audit chain BROKEN at event ${check.seq}: ${check.problem} (${check.count} events verified before it)`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

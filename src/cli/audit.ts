// gatehouse audit verify: walks the whole hash chain and reports the first broken link (exit 1).
import { resolve } from 'node:path';
import { verifyChain } from '../audit/chain.ts';
import { packs } from '../../tools/index.ts';
import { openStore } from '../store/open.ts';
import { configPath, loadOrExit } from './args.ts';

export async function auditVerify(options: { config?: string; store?: string }): Promise<void> {
  // --store names a SQLite file directly; otherwise the config says which store, SQLite or PostgreSQL.
  const location = options.store ? { kind: 'sqlite' as const, file: resolve(options.store) } : loadOrExit(configPath(options.config), packs).store;
  const store = await openStore({ store: location });
  try {
    const check = await verifyChain(store.allEvents());
    if (check.ok) {
      console.log(`audit chain ok: ${check.count} events, head ${check.lastHash.slice(0, 16)}`);
      return;
    }
    console.error(`audit chain BROKEN at event ${check.seq}: ${check.problem} (${check.count} events verified before it)`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

// gatehouse audit verify: walks the hash chain from where retention left it to the store's head and
// reports the first broken link, a forged anchor or a missing tail (exit 1).
import { openAuditSource } from './audit-source.ts';
import type { RemoteOptions } from './remote/client-config.ts';

export async function auditVerify(options: RemoteOptions & { config?: string; store?: string }): Promise<void> {
  const source = await openAuditSource(options);
  try {
    const check = await source.verify();
    if (check.ok) {
      const pruned = check.pruned ? ` (events 1..${check.pruned.throughSeq} pruned at ${check.pruned.time})` : '';
      console.log(`audit chain ok: ${check.count} events${pruned}, head ${check.lastHash.slice(0, 16)} at event ${check.lastSeq}`);
      return;
    }
    console.error(`audit chain BROKEN at event ${check.seq}: ${check.problem} (${check.count} events verified before it)`);
    process.exitCode = 1;
  } finally {
    await source.close();
  }
}

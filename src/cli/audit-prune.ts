// gatehouse audit prune [--config FILE] [--older-than 30d] [--dry-run]: removes the audit events
// older than the cutoff (default: audit.retentionDays) while the rest of the chain still verifies,
// acting as identity.cli. Exit 0 when pruned or nothing was old enough; 1 when the part to prune does
// not verify (nothing is removed then) or the store fails; 2 on a usage error.
import { packs } from '../../tools/index.ts';
import { DAY_MS, retentionCutoff } from '../audit/retention.ts';
import { DurationSchema } from '../config/duration.ts';
import { openStore } from '../store/open.ts';
import { configPath, loadOrExit, NO_BACKEND, UsageError } from './args.ts';

export interface PruneCommandOptions {
  config?: string;
  'older-than'?: string;
  'dry-run'?: boolean;
}

export async function auditPrune(options: PruneCommandOptions): Promise<void> {
  const config = loadOrExit(configPath(options.config), packs, 1, NO_BACKEND);
  const before = retentionCutoff(keepFor(options['older-than'], config.parsed.audit.retentionDays));
  const dryRun = options['dry-run'] ?? false;
  const store = await openStore(config);
  try {
    const pruned = await store.pruneEvents(before, { dryRun, principal: config.parsed.identity.cli?.id ?? 'local-cli' });
    if (!pruned) return void console.log(`nothing to prune: no events older than ${before}`);
    const what = `${pruned.removed} event${pruned.removed === 1 ? '' : 's'} (${pruned.fromSeq}..${pruned.throughSeq}, up to the last one older than ${before})`;
    if (!pruned.event) return void console.log(`would prune ${what}; nothing was removed (dry run)`);
    console.log(`pruned ${what}; the chain now starts at event ${pruned.throughSeq + 1}, anchored by the audit.pruned event ${pruned.event.seq}`);
  } finally {
    await store.close();
  }
}

/** --older-than as a config duration (30d, 12h, 90m); else the config's retentionDays. */
function keepFor(flag: string | undefined, retentionDays: number | undefined): number {
  if (flag === undefined) {
    if (retentionDays) return retentionDays * DAY_MS;
    throw new UsageError('audit prune needs a cutoff: pass --older-than (e.g. 30d) or set audit.retentionDays in the config');
  }
  const duration = DurationSchema.safeParse(flag);
  if (duration.success) return duration.data;
  throw new UsageError(`--older-than takes a duration such as 30d, 12h or 90m, not "${flag.slice(0, 40)}"`);
}

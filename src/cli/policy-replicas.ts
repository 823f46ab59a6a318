// gatehouse policy replicas: which policy files each replica runs, from the `policy.reloaded` records
// every replica on a shared store writes at start and on each reload. Exits 1 when the replicas do
// not all run the same files (by content), so a rollout check or a monitor can act on it. A stopped
// replica stays listed with the time of its last record: the store has no word of which still run.
import { createHash } from 'node:crypto';
import { RELOAD_SESSION, type AuditEvent } from '../audit/events.ts';
import { limit } from '../render/characters.ts';
import { TerminalText, terminalJson } from '../render/terminal.ts';
import { UsageError } from './args.ts';
import { openAuditSource } from './audit-source.ts';
import type { RemoteOptions } from './remote/client-config.ts';

interface ReplicaPolicy {
  replica: string;
  at: string;
  trigger: string;
  /** One digest of the files' contents, paths aside (replicas may mount them at other paths). */
  digest: string;
  files: Array<{ path: string; sha256: string }>;
}

export async function policyReplicas(options: RemoteOptions & { config?: string; store?: string; since?: string; json?: boolean }): Promise<void> {
  if (options.since !== undefined && Number.isNaN(Date.parse(options.since))) throw new UsageError(`--since: "${options.since}" is not an ISO date or time`);
  const source = await openAuditSource(options);
  let events: AuditEvent[];
  try {
    events = await source.sessionEvents(RELOAD_SESSION);
  } finally {
    await source.close();
  }
  const replicas = latestPerReplica(events, options.since);
  const sets = new Set(replicas.map((r) => r.digest)).size;
  if (sets > 1) process.exitCode = 1;
  if (options.json) return void console.log(terminalJson({ replicas, same: sets <= 1 }, 2));
  if (replicas.length === 0) return void console.log('no policy records from any replica (replicas record theirs at start with a PostgreSQL store, and on every reload)');
  const t = new TerminalText();
  for (const r of replicas) {
    console.log(`${t.line(r.replica).padEnd(28)} ${t.line(r.at)}  ${t.line(r.trigger).padEnd(12)} policy ${r.digest}`);
    // Cut before rendering, by whole characters: a cut after it could split an escape or a pair.
    for (const f of r.files) console.log(`    ${t.line(f.path)} sha256:${t.line(limit(f.sha256, 12).text)}`);
  }
  console.log(sets > 1 ? `replicas run different policy files: ${sets} different sets` : 'every replica listed runs the same policy files');
  const warning = t.warning();
  if (warning) console.log(warning);
}

/** Each replica's newest record (at or after `since`), newest replica first. */
function latestPerReplica(events: readonly AuditEvent[], since: string | undefined): ReplicaPolicy[] {
  const from = since === undefined ? -Infinity : Date.parse(since);
  const latest = new Map<string, ReplicaPolicy>();
  for (const e of events) {
    if (e.type !== 'policy.reloaded' || Date.parse(e.time) < from) continue;
    const files = ((e.data.files as ReplicaPolicy['files'] | undefined) ?? []).map((f) => ({ path: String(f.path), sha256: String(f.sha256) }));
    const replica = typeof e.data.replica === 'string' ? e.data.replica : '(not named)';
    const digest = createHash('sha256').update(files.map((f) => f.sha256).sort().join('\n')).digest('hex').slice(0, 12);
    latest.set(replica, { replica, at: e.time, trigger: String(e.data.trigger), digest, files });
  }
  return [...latest.values()].sort((a, b) => b.at.localeCompare(a.at));
}

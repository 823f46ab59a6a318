// gatehouse audit verify: walks the hash chain from where retention left it to the store's head and
// reports the first broken link, a forged anchor or a missing tail (exit 1). With --checkpoints or
// --sink and --public-key it also holds the chain against the signed checkpoints (and the sink's
// copies of the events), and says how many events lie after the newest checkpoint, unanchored.
import { checkpointWitness, type CheckpointTally } from '../audit/checkpoint-verify.ts';
import type { ChainCheck } from '../audit/chain.ts';
import { verifyStore } from '../audit/verify.ts';
import { openConfiguredStore, UsageError } from './args.ts';
import { readEvidence, type Evidence } from '../audit/checkpoint-evidence.ts';
import { TerminalText } from '../render/terminal.ts';
import { readPublicKey } from './audit-checkpoints.ts';
import { openAuditSource } from './audit-source.ts';
import type { RemoteOptions } from './remote/client-config.ts';

export interface VerifyOptions extends RemoteOptions {
  config?: string;
  store?: string;
  checkpoints?: string;
  sink?: string;
  'public-key'?: string;
}

export async function auditVerify(options: VerifyOptions): Promise<void> {
  const evidence = readCheckpointEvidence(options);
  if (evidence && !evidence.ok) {
    console.error(shown(`audit checkpoints REFUSED: ${evidence.problem}`));
    process.exitCode = 1;
    return;
  }
  if (!evidence) return verifyThroughSource(options);
  // Checkpoints prove the store to someone who need not trust the server: they are held against the store itself.
  if (options.server) throw new UsageError('--checkpoints and --sink check the store itself: give --store (a read-only credential) or --config, not --server');
  const store = await openConfiguredStore(options);
  try {
    const tally: CheckpointTally = { matched: 0, beforeRetention: 0 };
    const witness = evidence && checkpointWitness(evidence.evidence.checkpoints, tally, evidence.evidence.copies);
    const check = await verifyStore(store, witness);
    if (!check.ok) {
      console.error(brokenLine(check));
      process.exitCode = 1;
      return;
    }
    console.log(shown(okLine(check)));
    if (evidence) console.log(shown(anchoring(check, evidence.evidence, tally)));
  } finally {
    await store.close();
  }
}

async function verifyThroughSource(options: VerifyOptions): Promise<void> {
  const source = await openAuditSource(options);
  try {
    const check = await source.verify();
    if (!check.ok) {
      console.error(brokenLine(check));
      process.exitCode = 1;
      return;
    }
    console.log(shown(okLine(check)));
  } finally {
    await source.close();
  }
}

/**
 * A verdict line through the renderer: through --server every field of it is the server's text, and
 * a store written behind gatehouse's back can hold any text where a number belongs.
 */
function shown(line: string): string {
  return new TerminalText().line(line);
}

function brokenLine(check: Extract<ChainCheck, { ok: false }>): string {
  return shown(`audit chain BROKEN at event ${check.seq}: ${check.problem} (${check.count} events verified before it)`);
}

function okLine(check: Extract<ChainCheck, { ok: true }>): string {
  const pruned = check.pruned ? ` (events 1..${check.pruned.throughSeq} pruned at ${check.pruned.time})` : '';
  return `audit chain ok: ${check.count} events${pruned}, head ${check.lastHash.slice(0, 16)} at event ${check.lastSeq}`;
}

function readCheckpointEvidence(options: VerifyOptions): { ok: true; evidence: Evidence } | { ok: false; problem: string } | undefined {
  if (options.checkpoints && options.sink) throw new UsageError('give one of --checkpoints and --sink');
  const file = options.checkpoints ?? options.sink;
  if (!file) {
    if (options['public-key']) throw new UsageError('--public-key goes with --checkpoints FILE or --sink FILE');
    return undefined;
  }
  return readEvidence(file, options.sink ? 'sink' : 'checkpoints', readPublicKey(options['public-key']));
}

function anchoring(check: Extract<ChainCheck, { ok: true }>, evidence: Evidence, tally: CheckpointTally): string {
  const newest = evidence.checkpoints.reduce((a, b) => (b.seq > a.seq ? b : a));
  const after = check.lastSeq - newest.seq;
  const before = tally.beforeRetention ? `; ${tally.beforeRetention} before retention (their events were pruned)` : '';
  return `checkpoints ok: ${tally.matched} matched${before}; the newest, signed at ${newest.time}, anchors events through ${newest.seq}; ${after} event${after === 1 ? '' : 's'} after it unanchored`;
}

// A server's start, with signed checkpoints configured: the store must still hold the chain its
// checkpoint files vouch for. Someone who can write the store but not sign can delete an event (a
// suspension, an approval's execution) and rewrite every event after it so the chain links again;
// only an anchor outside the store shows it. So before serving, the chain is walked as `audit
// verify` walks it and held against every checkpoint of this chain in the files (each signature
// checked with the server's own key): a checkpoint the store no longer matches, or lost past its
// head, refuses the start, naming the event. Refusing, not serving with everything suspended: the
// store's record of what was suspended, approved and spent is what no longer holds, and a server
// that served from it, or signed its head, would vouch for it. Running replicas keep what they read.
//
// A missing or empty file is a chain with no checkpoint yet (a first start): nothing to hold it to.
// Events after the newest checkpoint are unanchored: a graceful stop signs the head, so a restart
// leaves none of its own. Webhook targets cannot be read back; they serve `audit verify` only.
import { existsSync, statSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import type { CheckpointSettings } from '../config/load-checkpoints.ts';
import type { Store } from '../store/store.ts';
import { readEvidence } from './checkpoint-evidence.ts';
import { checkpointWitness } from './checkpoint-verify.ts';
import type { Checkpoint } from './checkpoint.ts';
import { verifyStore } from './verify.ts';

export type StartCheck = { ok: true; checkpoints: number } | { ok: false; problem: string };

export async function holdStoreToCheckpoints(store: Pick<Store, 'allEvents' | 'auditAnchors' | 'auditHead'>, settings: Pick<CheckpointSettings, 'key' | 'chain' | 'files'>): Promise<StartCheck> {
  const key = createPublicKey(settings.key);
  const checkpoints: Checkpoint[] = [];
  for (const file of settings.files) {
    if (!existsSync(file) || statSync(file).size === 0) continue;
    const read = readEvidence(file, 'checkpoints', key);
    if (!read.ok) return { ok: false, problem: `audit.checkpoints: ${read.problem}; the store cannot be held to it` };
    checkpoints.push(...read.evidence.checkpoints.filter((c) => c.chain === settings.chain));
  }
  if (checkpoints.length === 0) return { ok: true, checkpoints: 0 };
  const check = await verifyStore(store, checkpointWitness(checkpoints));
  if (check.ok) return { ok: true, checkpoints: checkpoints.length };
  return {
    ok: false,
    problem:
      `the audit store does not hold the chain its signed checkpoints vouch for, at event ${check.seq}: ${check.problem}. ` +
      'Events were removed or rewritten in the store (a suspension or a spent approval among them would be undone), so it is not served. ' +
      '`gatehouse audit verify --checkpoints FILE --public-key KEY` shows the same; restore the store from a backup, or once the break is understood, move the checkpoint files aside',
  };
}

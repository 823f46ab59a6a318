// Reads the evidence a store is held against: the signed checkpoints of a checkpoints file
// (audit.checkpoints.files) or of the live sink file, whose event lines are kept too (sequence number
// and hash) to compare with the store. Every checkpoint line must verify with the key: a forged or
// foreign one is an error, never skipped. `gatehouse audit verify` and the server's start read it.
import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { checkCheckpoint, CHECKPOINT_TYPE, type Checkpoint } from './checkpoint.ts';

export interface Evidence {
  checkpoints: Checkpoint[];
  /** Event hashes from the sink, by sequence number. */
  copies: Map<number, string>;
}

export function readEvidence(file: string, kind: 'checkpoints' | 'sink', key: KeyObject): { ok: true; evidence: Evidence } | { ok: false; problem: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problem: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const evidence: Evidence = { checkpoints: [], copies: new Map() };
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const where = `${file} line ${index + 1}`;
    let value: { type?: unknown; seq?: unknown; hash?: unknown };
    try {
      value = JSON.parse(line) as typeof value;
    } catch {
      return { ok: false, problem: `${where} is not JSON` };
    }
    if (value?.type === CHECKPOINT_TYPE) {
      const checked = checkCheckpoint(value, key);
      if (!checked.ok) return { ok: false, problem: `${where}: the checkpoint ${checked.problem}` };
      evidence.checkpoints.push(checked.checkpoint);
    } else if (kind === 'sink' && Number.isSafeInteger(value?.seq) && typeof value.hash === 'string') {
      evidence.copies.set(value.seq as number, value.hash);
    } else {
      return { ok: false, problem: `${where} is not a ${kind === 'sink' ? 'checkpoint or an audit event' : 'checkpoint'}` };
    }
  }
  if (evidence.checkpoints.length === 0) return { ok: false, problem: `${file} holds no checkpoint` };
  return { ok: true, evidence };
}

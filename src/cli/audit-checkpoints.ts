// The public key `gatehouse audit verify` checks the signed checkpoints with (audit/checkpoint-evidence.ts
// reads them).
import { existsSync, readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { publicKeyFrom } from '../audit/checkpoint.ts';
import { UsageError } from './args.ts';

/** --public-key: a file holding the key, or the key itself (PEM or base64 raw). */
export function readPublicKey(flag: string | undefined): KeyObject {
  if (!flag) throw new UsageError('--public-key is needed with --checkpoints or --sink (a file, or the base64 raw key `gatehouse audit public-key` prints)');
  try {
    return publicKeyFrom(existsSync(flag) ? readFileSync(flag, 'utf8') : flag);
  } catch (error) {
    throw new UsageError(`--public-key: ${(error as Error).message}`);
  }
}

// Signed checkpoints: the chain head (sequence number and hash) at a moment, signed with an Ed25519
// key the store never holds. A copy kept outside the store (a file on another volume, a webhook's
// receiver) lets an auditor prove that nothing up to the checkpoint was changed, even by someone who
// can rewrite the store: the public key is all they need.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical.ts';
import type { ChainPoint } from './chain.ts';

export const CHECKPOINT_TYPE = 'gatehouse.audit.checkpoint';

export interface Checkpoint extends ChainPoint {
  type: typeof CHECKPOINT_TYPE;
  /** Names the chain (audit.checkpoints.chain), so a receiver of several servers can tell them apart. */
  chain: string;
  time: string;
  /** The signing key's id: the first 16 hex digits of the SHA-256 of its raw public key. */
  key: string;
  /** Ed25519 over the canonical JSON of every other field, base64. */
  signature: string;
}

const HASH = /^[0-9a-f]{64}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
export const CHAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** A key as the config's secret gives it: a PKCS#8 PEM private key. */
export function privateKeyFrom(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch {
    throw new Error('the checkpoint key is not a PEM private key (make one with `gatehouse audit keygen`)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the checkpoint key must be an Ed25519 key');
  return key;
}

/**
 * A public key as an auditor gives it: a PEM public key (SPKI), or the raw 32-byte key in base64.
 * Never quoted back in an error: it may be a private key pasted by mistake.
 */
export function publicKeyFrom(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.startsWith('-----BEGIN')) {
      key = createPublicKey(trimmed);
    } else {
      const raw = BASE64.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
      if (raw.length !== 32) throw new Error('not 32 bytes');
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
    }
  } catch {
    throw new Error('the public key is neither a PEM public key nor a base64 raw Ed25519 key (32 bytes)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the public key must be an Ed25519 key');
  return key;
}

/** The raw 32-byte public key, in base64: the short form auditors are handed. */
export function rawPublicKey(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url').toString('base64');
}

export function keyId(key: KeyObject): string {
  return createHash('sha256').update(Buffer.from(rawPublicKey(key), 'base64')).digest('hex').slice(0, 16);
}

const signedBytes = (c: Omit<Checkpoint, 'signature'>) => Buffer.from(canonicalJson({ type: c.type, chain: c.chain, seq: c.seq, hash: c.hash, time: c.time, key: c.key }));

export function signCheckpoint(key: KeyObject, chain: string, head: ChainPoint, time = new Date().toISOString()): Checkpoint {
  const unsigned = { type: CHECKPOINT_TYPE, chain, seq: head.seq, hash: head.hash, time, key: keyId(key) } as const;
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), key).toString('base64') };
}

export type CheckedCheckpoint = { ok: true; checkpoint: Checkpoint } | { ok: false; problem: string };

/** Checks one parsed JSON line: its shape, then its signature with `key`. Messages quote only checked fields. */
export function checkCheckpoint(value: unknown, key: KeyObject): CheckedCheckpoint {
  const c = value as Partial<Checkpoint> | null;
  const wellFormed =
    typeof c === 'object' && c !== null && c.type === CHECKPOINT_TYPE && typeof c.chain === 'string' && CHAIN_NAME.test(c.chain) &&
    Number.isSafeInteger(c.seq) && (c.seq as number) >= 0 && typeof c.hash === 'string' && HASH.test(c.hash) &&
    typeof c.time === 'string' && ISO.test(c.time) && typeof c.key === 'string' && KEY_ID.test(c.key) && typeof c.signature === 'string' && BASE64.test(c.signature);
  if (!wellFormed) return { ok: false, problem: 'is not a well-formed checkpoint' };
  const checkpoint = c as Checkpoint;
  const expected = keyId(key);
  if (checkpoint.key !== expected) return { ok: false, problem: `of event ${checkpoint.seq} was signed by key ${checkpoint.key}, not by the given public key ${expected}` };
  if (!verify(null, signedBytes(checkpoint), key, Buffer.from(checkpoint.signature, 'base64'))) {
    return { ok: false, problem: `of event ${checkpoint.seq} has a signature that does not verify (forged or altered)` };
  }
  return { ok: true, checkpoint };
}

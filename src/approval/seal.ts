// Seals on the documents the server writes: an HMAC-SHA256 under a key that lives in the config
// (approvals.sealKey), never in the store. Someone who can write the store but not read that key
// cannot approve a request, forge a grant, or lift a suspension, nor move any of them to another
// call or principal: any edit of a sealed document, and any document they make up, fails its check
// and counts as tampered.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../audit/canonical.ts';

/** What a sealed document is: the kind is sealed too, so a grant's seal never passes for a request's. */
export type SealedKind = 'approval' | 'grant' | 'revocation' | 'kill-switch act' | 'prune';

type Sealed<T> = T & { seal: string };

export interface Seal {
  /** The document with its seal, as the store keeps it. */
  seal<T extends object>(kind: SealedKind, doc: T): Sealed<T>;
  /** The document without its seal when the seal holds over all of it; undefined otherwise. */
  open<T extends object>(kind: SealedKind, stored: unknown): T | undefined;
}

export function createSeal(key: string, previous: readonly string[] = []): Seal {
  const mac = (k: string, kind: SealedKind, doc: unknown) => createHmac('sha256', k).update(`gatehouse.seal.v1\n${kind}\n${canonicalJson(doc)}`).digest();
  const openers = [key, ...previous.filter((k) => k !== key)];
  return {
    seal(kind, doc) {
      // A document read back is sealed afresh: the old seal is not part of what the new one covers.
      const { seal: _old, ...plain } = doc as Sealed<typeof doc>;
      return { ...plain, seal: mac(key, kind, plain).toString('base64url') } as Sealed<typeof doc>;
    },
    open<T>(kind: SealedKind, stored: unknown): T | undefined {
      if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
      const { seal, ...plain } = stored as { seal?: unknown };
      if (typeof seal !== 'string') return undefined;
      const given = Buffer.from(seal, 'base64url');
      const holds = (k: string) => {
        const expected = mac(k, kind, plain);
        return given.length === expected.length && timingSafeEqual(given, expected);
      };
      return openers.some(holds) ? (plain as T) : undefined;
    },
  };
}

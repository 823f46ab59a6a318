// API keys for callers without an identity provider (CI jobs, service agents). The config holds
// only each key's SHA-256, so a leaked config file grants nothing; a presented key is hashed and
// compared with every configured hash in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyConfig } from './config.ts';
import type { Principal } from './principal.ts';

/**
 * Marks a gatehouse key, so secret scanners and people can tell it apart from a JWT (which starts
 * "eyJ") and from other vendors' tokens. Not "gh..": that family belongs to GitHub's tokens.
 */
export const API_KEY_PREFIX = 'gatehouse_';
const KEY_BYTES = 32;
const API_KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{43}$`);

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}

/** A fresh key: the prefix and 32 random bytes in base64url (43 characters). */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(KEY_BYTES).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export type ApiKeyCheck = { ok: true; principal: Principal; keyId: string } | { ok: false; reason: 'malformed api key' | 'unknown api key' };

export interface ApiKeyVerifier {
  verify(key: string): ApiKeyCheck;
}

export function createApiKeyVerifier(keys: readonly ApiKeyConfig[]): ApiKeyVerifier {
  const entries = keys.map((key) => ({
    hash: Buffer.from(key.sha256, 'hex'),
    principal: { id: key.id, name: key.name ?? key.id, groups: [...key.groups], kind: key.kind } satisfies Principal,
  }));
  return {
    verify(key) {
      if (!API_KEY_SHAPE.test(key)) return { ok: false, reason: 'malformed api key' };
      const presented = createHash('sha256').update(key, 'utf8').digest();
      // Every entry is compared, with no early exit, so timing says nothing about which one matched.
      let match: (typeof entries)[number] | undefined;
      for (const entry of entries) {
        if (timingSafeEqual(entry.hash, presented) && match === undefined) match = entry;
      }
      if (!match) return { ok: false, reason: 'unknown api key' };
      return { ok: true, principal: { ...match.principal, groups: [...match.principal.groups] }, keyId: match.principal.id };
    },
  };
}

// One-time sign-in links for single-operator mode: 32 random bytes, valid ten minutes, spent on
// first use (even a failed late use), kept only as hashes so the process holds nothing replayable.
import { digest, randomToken } from './sessions.ts';

export const SIGN_IN_LINK_TTL_MS = 10 * 60_000;

export interface SignInTokens {
  mint(): string;
  /** True once per minted token, within its lifetime. */
  redeem(token: string): boolean;
}

export function createSignInTokens(ttlMs = SIGN_IN_LINK_TTL_MS, now: () => number = Date.now): SignInTokens {
  const live = new Map<string, number>();
  return {
    mint() {
      const t = now();
      for (const [key, expiresAt] of live) if (expiresAt <= t) live.delete(key);
      const token = randomToken();
      live.set(digest(token), t + ttlMs);
      return token;
    },
    redeem(token) {
      if (token.length === 0 || token.length > 100) return false;
      const key = digest(token);
      const expiresAt = live.get(key);
      live.delete(key);
      return expiresAt !== undefined && expiresAt > now();
    },
  };
}

// One-time sign-in links for single-operator mode: 32 random bytes, valid ten minutes, spent on
// first use (even a failed late use), kept only as hashes so the process holds nothing replayable.
// Each link signs in the principal it was made for: the operator for the link printed at start,
// the person who asked for it through the people API (`gatehouse console link`) otherwise.
import type { Principal } from '../identity/principal.ts';
import { digest, randomToken } from './sessions.ts';

export const SIGN_IN_LINK_TTL_MS = 10 * 60_000;

export interface SignInTokens {
  mint(principal: Principal): string;
  /** The principal a minted token signs in, once, within its lifetime; undefined otherwise. */
  redeem(token: string): Principal | undefined;
}

export function createSignInTokens(ttlMs = SIGN_IN_LINK_TTL_MS, now: () => number = Date.now): SignInTokens {
  const live = new Map<string, { principal: Principal; expiresAt: number }>();
  return {
    mint(principal) {
      const t = now();
      for (const [key, link] of live) if (link.expiresAt <= t) live.delete(key);
      const token = randomToken();
      live.set(digest(token), { principal, expiresAt: t + ttlMs });
      return token;
    },
    redeem(token) {
      if (token.length === 0 || token.length > 100) return undefined;
      const key = digest(token);
      const link = live.get(key);
      live.delete(key);
      return link && link.expiresAt > now() ? link.principal : undefined;
    },
  };
}

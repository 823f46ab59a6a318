// Console sign-ins, held server-side: the browser keeps only a random id in an HttpOnly cookie.
// Ids are stored as their SHA-256, so the map never holds a value that works as a cookie, and each
// session carries its own CSRF token for the forms it renders.
import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../identity/principal.ts';

export interface Flash {
  kind: 'ok' | 'refused';
  text: string;
}

export interface ConsoleSession {
  principal: Principal;
  /** Echoed in every form; a post without it is refused. */
  csrf: string;
  expiresAt: number;
  via: 'link' | 'oidc';
  /** Shown once on the next page, then cleared. */
  flash?: Flash;
}

export interface SessionStore {
  create(principal: Principal, via: ConsoleSession['via']): { id: string; session: ConsoleSession };
  get(id: string | undefined): ConsoleSession | undefined;
  destroy(id: string | undefined): void;
}

/** More live sign-ins than this means something is wrong; the oldest go first. */
const MAX_SESSIONS = 10_000;

export const randomToken = (): string => randomBytes(32).toString('base64url');
export const digest = (value: string): string => createHash('sha256').update(value).digest('hex');

export function createSessionStore(ttlMs: number, now: () => number = Date.now): SessionStore {
  const sessions = new Map<string, ConsoleSession>();

  const prune = (): void => {
    const t = now();
    for (const [key, s] of sessions) if (s.expiresAt <= t) sessions.delete(key);
    while (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
  };

  return {
    create(principal, via) {
      prune();
      const id = randomToken();
      const session: ConsoleSession = { principal, csrf: randomToken(), expiresAt: now() + ttlMs, via };
      sessions.set(digest(id), session);
      return { id, session };
    },
    get(id) {
      if (!id || id.length > 100) return undefined;
      const key = digest(id);
      const session = sessions.get(key);
      if (!session) return undefined;
      if (session.expiresAt <= now()) {
        sessions.delete(key);
        return undefined;
      }
      return session;
    },
    destroy(id) {
      if (id) sessions.delete(digest(id));
    },
  };
}

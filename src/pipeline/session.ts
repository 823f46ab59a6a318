// Sessions group an agent's calls for replay. stdio: one per connection. HTTP: the protocol is
// per-request, so a session is the run of calls by one principal from one client (and one
// Mcp-Session-Id when the client sends one) with no gap longer than the idle window.
import { randomUUID } from 'node:crypto';

export interface Session {
  id: string;
  transport: 'stdio' | 'http';
  client: string;
}

export interface SessionTracker {
  /** Returns the session for this key, and whether it was just opened. */
  resolve(key: string, transport: Session['transport'], client: string): { session: Session; opened: boolean };
  /** Forgets the key's session (ended by an operator): the next resolve opens a new one. */
  forget(key: string): void;
}

export function createSessionTracker(idleMs = 30 * 60_000, now: () => number = Date.now): SessionTracker {
  const open = new Map<string, { session: Session; lastSeen: number }>();
  return {
    resolve(key, transport, client) {
      const t = now();
      const found = open.get(key);
      if (found && t - found.lastSeen <= idleMs) {
        found.lastSeen = t;
        return { session: found.session, opened: false };
      }
      if (open.size > 10_000) for (const [k, v] of open) if (t - v.lastSeen > idleMs) open.delete(k);
      const session: Session = { id: randomUUID(), transport, client };
      open.set(key, { session, lastSeen: t });
      return { session, opened: true };
    },
    forget(key) {
      open.delete(key);
    },
  };
}

// The LISTEN side of store notifications (approval changes, kill switch changes). One dedicated connection per store (a pooled one
// would be handed to other queries and lose its LISTEN), re-established with backoff whenever it
// drops. A notice sent while it is down is lost; waiters also poll, so a drop only slows them to
// the poll interval, and after a reconnect notices wake them at once again.
import pg from 'pg';

export const APPROVALS_CHANNEL = 'gatehouse_approvals';
export const KILL_SWITCH_CHANNEL = 'gatehouse_kill_switch';
const CHANNELS = [APPROVALS_CHANNEL, KILL_SWITCH_CHANNEL];

export interface StoreListener {
  /** Hears every notice on `channel` with its payload; returns the unsubscribe function. */
  watch(channel: string, listener: (payload: string) => void): () => void;
  /** Resolves once LISTEN is active (or the first attempt failed; reconnects go on). */
  ready: Promise<void>;
  close(): Promise<void>;
}

const MAX_BACKOFF_MS = 5000;

export function listenForChanges(connection: pg.ClientConfig): StoreListener {
  const listeners = new Map<string, Set<(payload: string) => void>>(CHANNELS.map((c) => [c, new Set()]));
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;
  let closed = false;

  async function connect(): Promise<void> {
    if (closed || client) return;
    // Keepalive so a silently dead TCP connection (a NAT or proxy dropping it) is noticed and replaced.
    const c = new pg.Client({ ...connection, application_name: 'gatehouse-listen', keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client = c;
    c.on('notification', (message) => {
      if (!message.payload) return;
      for (const listener of listeners.get(message.channel) ?? []) listener(message.payload);
    });
    c.on('error', () => drop(c));
    c.on('end', () => drop(c));
    try {
      await c.connect();
      await c.query(CHANNELS.map((channel) => `LISTEN ${channel}`).join('; '));
      failures = 0;
    } catch {
      drop(c);
    }
  }

  function drop(c: pg.Client): void {
    if (client !== c) return;
    client = undefined;
    c.end().catch(() => undefined);
    if (closed) return;
    const delay = Math.min(100 * 2 ** failures++, MAX_BACKOFF_MS);
    retry = setTimeout(() => void connect(), delay);
  }

  return {
    watch(channel, listener) {
      const set = listeners.get(channel);
      if (!set) throw new Error(`not listening on ${channel}`);
      set.add(listener);
      return () => void set.delete(listener);
    },
    ready: connect(),
    async close() {
      closed = true;
      clearTimeout(retry);
      for (const set of listeners.values()) set.clear();
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}

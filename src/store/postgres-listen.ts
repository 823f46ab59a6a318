// The LISTEN side of approval notifications. One dedicated connection per store (a pooled one
// would be handed to other queries and lose its LISTEN), re-established with backoff whenever it
// drops. A notice sent while it is down is lost; waiters also poll, so a drop only slows them to
// the poll interval, and after a reconnect notices wake them at once again.
import pg from 'pg';

export const APPROVALS_CHANNEL = 'gatehouse_approvals';

export interface ApprovalListener {
  watch(listener: (id: string) => void): () => void;
  /** Resolves once LISTEN is active (or the first attempt failed; reconnects go on). */
  ready: Promise<void>;
  close(): Promise<void>;
}

const MAX_BACKOFF_MS = 5000;

export function listenForApprovals(connection: pg.ClientConfig): ApprovalListener {
  const listeners = new Set<(id: string) => void>();
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
      if (message.channel !== APPROVALS_CHANNEL || !message.payload) return;
      for (const listener of listeners) listener(message.payload);
    });
    c.on('error', () => drop(c));
    c.on('end', () => drop(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${APPROVALS_CHANNEL}`);
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
    watch(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    ready: connect(),
    async close() {
      closed = true;
      clearTimeout(retry);
      listeners.clear();
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}

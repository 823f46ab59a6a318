// The load generator: agent sessions over Streamable HTTP, each its own principal (API key) with one
// transport reused for all its calls and one call in flight at a time, calling a small mix in a loop.
// Kept cheap because it shares the CPU with the server: no per-call logging, one number per call.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

export const CUSTOMERS = 1000;

interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface CallOutcome {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
}

/** The mix by call number: mostly 1-row lookups, a 50-row read of masked columns in 5, a schema call in 20. */
export function callFor(session: number, n: number): ToolCall {
  const turn = (session + n) % 20;
  if (turn === 19) return { name: 'postgres_schema', arguments: { connection: 'shop', table: 'orders' } };
  if (turn % 5 === 4) {
    const after = (session * 13 + n) % (CUSTOMERS - 50);
    return { name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT id, name, email, phone, card_number, city FROM customers WHERE id > $1 ORDER BY id LIMIT 50', params: [after] } };
  }
  const id = 1 + ((session * 7 + n) % CUSTOMERS);
  return { name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT id, name, city FROM customers WHERE id = $1', params: [id] } };
}

export async function connectAgent(url: URL, key: string): Promise<Client> {
  const client = new Client({ name: 'load-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url, { authProvider: { token: async () => key } }));
  return client;
}

export interface LoadTally {
  calls: number;
  /** Completion time and latency of every call, in ms (performance.now clock). */
  finishedAt: number[];
  latencyMs: number[];
  /** Refusal code or thrown message -> count. */
  errors: Map<string, number>;
}

export function newTally(): LoadTally {
  return { calls: 0, finishedAt: [], latencyMs: [], errors: new Map() };
}

function noteError(tally: LoadTally, reason: string): void {
  tally.errors.set(reason, (tally.errors.get(reason) ?? 0) + 1);
}

/** Calls the mix until `deadline`; an error is a thrown error or an isError result. */
export async function runSession(client: Client, session: number, deadline: number, tally: LoadTally): Promise<void> {
  for (let n = 0; performance.now() < deadline; n++) {
    const start = performance.now();
    tally.calls++;
    try {
      const result = (await client.callTool(callFor(session, n))) as CallOutcome;
      if (result.isError) noteError(tally, String((result.structuredContent?.error as { code?: string } | undefined)?.code ?? 'isError'));
    } catch (error) {
      // fetch's own message says only "fetch failed"; the cause names what failed (a reset, a timeout).
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      noteError(tally, `thrown: ${(error as Error).message.slice(0, 80)}${cause ? ` (${cause.code ?? cause.message?.slice(0, 60)})` : ''}`);
    }
    const end = performance.now();
    tally.finishedAt.push(end);
    tally.latencyMs.push(end - start);
  }
}

// The agents of the scale test: each one a real MCP client over HTTP with its own API key, making
// its planned calls one at a time on one replica, as an agent behind a load balancer would. An
// agent whose replica vanishes (the connection fails) moves to the next replica that answers; an
// agent told the store is away (audit_failed) tries again a little later. Each attempt carries its
// own tag in the SQL, so the test can find exactly that attempt in the audit.
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { refusalOf, type CallResult } from './clean-answers.ts';

/** What an agent learnt of one attempt: a result, a refusal's code, or that the call threw (no answer). */
export type Seen = 'result' | 'thrown' | (string & {});

export interface Attempt {
  tag: string;
  agent: number;
  /** Index of the replica the attempt was sent to. */
  replica: number;
  seen: Seen;
  /** The answer as the client got it, for failure messages. */
  detail: string;
}

export interface Replicas {
  urls: readonly string[];
  /** Called with each attempt as it ends: how the test knows how far the load has come. */
  onAttempt(attempt: Attempt): void;
}

/** Answers after which an agent sends the same planned call again: nothing ran (approval_failed: the store was away as the request was filed), or the agent cannot know. */
const RETRY = new Set<Seen>(['thrown', 'audit_failed', 'approval_failed']);
/** Whether an agent sends the call again after this answer, so it is not the call's final one. */
export const retried = (seen: Seen): boolean => RETRY.has(seen);
/** Enough to ride out the faults the test injects; more means an agent is stuck, and the test says so. */
const MAX_ATTEMPTS = 60;

export const ATTEMPT_TAG = /scale-\d+-\d+-\d+-/;
const tagOf = (agent: number, call: number, attempt: number) => `scale-${agent}-${call}-${attempt}-`;

/** A read most of the time (masked columns now and then); a write that needs review when `held`. */
export function plannedSql(agent: number, call: number, held: boolean, tag: string): { sql: string; params: unknown[] } {
  if (held) return { sql: `UPDATE orders SET note = $1 WHERE id = $2 /* ${tag} */`, params: [`reviewed for agent ${agent}`, 1 + (agent % 3)] };
  const id = 1 + ((agent + call) % 5);
  if (call % 3 === 2) return { sql: `SELECT id, name, email, phone FROM customers WHERE id = $1 /* ${tag} */`, params: [id] };
  return { sql: `SELECT id, name, city FROM customers WHERE id = $1 /* ${tag} */`, params: [id] };
}

async function connect(url: string, key: string): Promise<Client> {
  const client = new Client({ name: 'scale-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: { token: async () => key } }));
  return client;
}

/** An agent on its replica, moving to the next one that takes a connection when its own is gone. */
class AgentLink {
  private client?: Client;

  constructor(
    private readonly key: string,
    private readonly urls: readonly string[],
    public replica: number,
  ) {}

  async open(): Promise<Client> {
    if (this.client) return this.client;
    let lastError: unknown;
    for (let step = 0; step < this.urls.length; step++) {
      const replica = (this.replica + step) % this.urls.length;
      try {
        this.client = await connect(this.urls[replica] as string, this.key);
        this.replica = replica;
        return this.client;
      } catch (error) {
        lastError = error;
      }
    }
    throw new Error(`no replica takes a connection: ${(lastError as Error).message}`);
  }

  /** After a failed connection: the next call starts with the next replica. */
  async failOver(): Promise<void> {
    await this.client?.close().catch(() => undefined);
    this.client = undefined;
    this.replica = (this.replica + 1) % this.urls.length;
  }

  close(): Promise<void> {
    return this.client?.close() ?? Promise.resolve();
  }
}

/** Runs one agent's plan to the end and returns every attempt it made; fails if a call never gets a final answer. */
export async function runAgent(agent: number, key: string, plan: readonly boolean[], replicas: Replicas): Promise<Attempt[]> {
  const link = new AgentLink(key, replicas.urls, agent % replicas.urls.length);
  const attempts: Attempt[] = [];
  try {
    for (const [call, held] of plan.entries()) {
      for (let attempt = 0; ; attempt++) {
        if (attempt === MAX_ATTEMPTS) throw new Error(`agent ${agent}, call ${call}: no final answer after ${MAX_ATTEMPTS} attempts: ${JSON.stringify(attempts.slice(-3))}`);
        const tag = tagOf(agent, call, attempt);
        const made = await attemptOnce(link, tag, plannedSql(agent, call, held, tag));
        const done: Attempt = { tag, agent, ...made };
        attempts.push(done);
        replicas.onAttempt(done);
        if (!retried(done.seen)) break;
        if (done.seen === 'thrown') await link.failOver();
        await sleep(Math.min(1000, 100 * (attempt + 1)));
      }
    }
    return attempts;
  } finally {
    await link.close().catch(() => undefined);
  }
}

async function attemptOnce(link: AgentLink, tag: string, query: { sql: string; params: unknown[] }): Promise<Omit<Attempt, 'tag' | 'agent'>> {
  // link.replica moves only when open() reaches another replica, so it names where the call went.
  try {
    const client = await link.open();
    const answer = (await client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', ...query } }, { timeout: 90_000 })) as CallResult;
    return { replica: link.replica, seen: refusalOf(answer)?.code ?? (answer.isError ? 'isError' : 'result'), detail: JSON.stringify(answer).slice(0, 300) };
  } catch (error) {
    // fetch's own message says only "fetch failed"; the cause names what failed (a reset, a refusal).
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { replica: link.replica, seen: 'thrown', detail: `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`.slice(0, 300) };
  }
}

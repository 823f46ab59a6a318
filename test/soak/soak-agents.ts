// The agents of the soak run: each calls a mix in a loop until the deadline, one call in flight.
// Every call carries a tag of its own (in its SQL, its shell line or a stray argument) so the audit
// check can find it in the store, and the code the agent saw is kept to compare with the record.
import type { Client } from '@modelcontextprotocol/client';
import { assertNoStack, refusalOf, type CallResult } from '../reliability/clean-answers.ts';

export interface CallKind {
  name: string;
  tool: string;
  /** What the call gets when no fault is in its way. */
  expect: string;
  args(tag: string): Record<string, unknown>;
}

export const POSTGRES_KINDS: readonly CallKind[] = [
  { name: 'read', tool: 'postgres_query', expect: 'result', args: (tag) => ({ connection: 'shop', sql: `SELECT count(*)::int AS n FROM customers /* ${tag} */` }) },
  { name: 'denied', tool: 'postgres_query', expect: 'denied', args: (tag) => ({ connection: 'shop', sql: `DROP TABLE customers /* ${tag} */` }) },
  { name: 'write', tool: 'postgres_query', expect: 'result', args: (tag) => ({ connection: 'shop', sql: `INSERT INTO soak_marks VALUES ('${tag}')` }) },
  { name: 'slow', tool: 'postgres_query', expect: 'timeout', args: (tag) => ({ connection: 'shop', sql: `SELECT pg_sleep(5) /* ${tag} */` }) },
  { name: 'bad-args', tool: 'postgres_query', expect: 'invalid_arguments', args: (tag) => ({ connection: 'shop', tag }) },
];

export const SSH_KIND: CallKind = { name: 'ssh', tool: 'ssh_exec', expect: 'result', args: (tag) => ({ host: 'web-1', command: `echo ${tag}` }) };

/** One call an agent made and what it saw: `result`, a refusal's code, or `thrown` (the client gave up). */
export interface MadeCall {
  tag: string;
  kind: CallKind;
  seen: string;
}

/** Finds the tag in a recorded call's arguments. */
export const TAG = /soak-\d+-\d+-/;

/** Far above every server-side limit: a call that hangs shows up as `thrown`, never as a pass. */
const CLIENT_TIMEOUT_MS = 30_000;

export async function runAgent(client: Client, agent: number, kinds: readonly CallKind[], deadline: number): Promise<MadeCall[]> {
  const made: MadeCall[] = [];
  for (let n = 0; Date.now() < deadline; n++) {
    const kind = kinds[(agent + n) % kinds.length] as CallKind;
    const tag = `soak-${agent}-${n}-`;
    try {
      const result = (await client.callTool({ name: kind.tool, arguments: kind.args(tag) }, { timeout: CLIENT_TIMEOUT_MS })) as CallResult;
      assertNoStack(JSON.stringify(result), tag);
      made.push({ tag, kind, seen: refusalOf(result)?.code ?? (result.isError ? 'error without code' : 'result') });
    } catch (error) {
      made.push({ tag, kind, seen: `thrown: ${(error as Error).message.slice(0, 120)}` });
    }
  }
  return made;
}

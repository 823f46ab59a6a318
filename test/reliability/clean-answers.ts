// What the bad-input and load tests expect of every answer gatehouse gives: a clear refusal or a
// valid result, never a stack, a source path or a sign that gatehouse itself broke; and a server log
// without a crash. Also the fast-check settings they share: bounded runs and one fixed seed.
import assert from 'node:assert/strict';
import type { RunningGatehouse } from '../fixtures/gatehouse.ts';

/** fast-check prints the seed and path of a failure; FUZZ_SEED=<seed> replays it. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_124);

export function fuzzRuns(numRuns: number): { seed: number; numRuns: number } {
  return { seed: FUZZ_SEED, numRuns };
}

export interface CallResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
}

export interface RefusalShown {
  code: string;
  message: string;
}

/**
 * Makes a call, and once more after the wait a too_many_calls refusal names: one principal sending
 * calls back to back can spend its share of checking time on a loaded machine, as a fair server
 * should refuse. The answer after that is what a test looks at.
 */
export async function afterCheckingShare(call: () => Promise<CallResult>): Promise<CallResult> {
  const result = await call();
  const refusal = refusalOf(result);
  const wait = refusal?.code === 'too_many_calls' ? /retry in (\d+) s/.exec(refusal.message) : null;
  if (!wait) return result;
  await new Promise((done) => setTimeout(done, Number(wait[1]) * 1000));
  return call();
}

/** Codes that mean a stage of gatehouse failed, never a fair answer to what the agent sent. */
const BROKEN_CODES = new Set(['internal', 'classification_failed', 'policy_failed', 'audit_failed', 'masking_failed']);

/** A V8 stack frame, a source file with a line number, or an installed package path. */
const STACK = /\n\s*at \S.*:\d+:\d+|\.(ts|js|mjs):\d+|node_modules/;

export function assertNoStack(text: string, what: string): void {
  assert.doesNotMatch(text, STACK, `${what}: the answer leaks a stack or a source path: ${text.slice(0, 400)}`);
}

export function refusalOf(result: CallResult): RefusalShown | undefined {
  if (!result.isError) return undefined;
  return result.structuredContent?.error as RefusalShown | undefined;
}

/** A valid result or a clear refusal with a stable code, nothing internal, and survives JSON. */
export function assertCleanAnswer(result: CallResult, what: string): void {
  const json = JSON.stringify(result);
  assert.deepEqual(JSON.parse(json), result, `${what}: the answer does not survive JSON`);
  assert.ok(result.content.length > 0 && typeof result.content[0]?.text === 'string', `${what}: no text content`);
  assertNoStack(json, what);
  const refusal = refusalOf(result);
  if (!result.isError) return;
  assert.ok(refusal, `${what}: an error without structured content`);
  assert.match(refusal.code, /^[a-z_]+$/, `${what}: odd error code`);
  assert.ok(refusal.message.length > 0, `${what}: an error without a message`);
  assert.ok(!BROKEN_CODES.has(refusal.code), `${what}: gatehouse broke (${refusal.code}: ${refusal.message})`);
}

/** The server's stderr shows no crash, no unhandled rejection, no stack overflow and no error line. */
export function assertNoCrash(logs: string): void {
  const bad = logs.split('\n').filter((line) => /uncaught|unhandled|Maximum call stack|"level":(50|60)/i.test(line));
  assert.deepEqual(bad, [], 'gatehouse logged a crash or an error');
}

/** Calls tools through the gatehouse's own client, counting them: every call reaches the pipeline and its audit. */
export function countingCaller(gh: () => RunningGatehouse): { call(name: string, args: Record<string, unknown>): Promise<CallResult>; readonly count: number } {
  let count = 0;
  return {
    async call(name, args) {
      const result = (await gh().client.callTool({ name, arguments: args })) as CallResult;
      count++;
      return result;
    },
    get count() {
      return count;
    },
  };
}

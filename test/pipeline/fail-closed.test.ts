// The pipeline's fail-closed path, in-process: when any step before execution refuses (no
// principal, a secret in the arguments, a server that turned the call away, arguments nested too
// deep, the policy, the write-ahead record, a missing masking profile) the tool never runs; when
// execution or masking fails nothing raw reaches the agent; and every call ends with one audit
// record that says how. Each test builds the pipeline from a real runtime (SQLite store, real
// masker, real policy) and replaces the one dependency it breaks.
import assert from 'node:assert/strict';
import type { SecretAlert } from '../../src/approval/secret-alert.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Logger } from 'pino';
import type { AuditEvent } from '../../src/audit/events.ts';
import { KillSwitchStop } from '../../src/kill-switch/state.ts';
import { createMasker, type Masker } from '../../src/masking/index.ts';
import { MAX_ARGUMENT_DEPTH } from '../../src/pipeline/argument-depth.ts';
import { createEvaluationBudget } from '../../src/pipeline/evaluation-budget.ts';
import { createPipeline, type CallContext, type PipelineDeps } from '../../src/pipeline/pipeline.ts';
import { pass, refuse } from '../../src/pipeline/refusal.ts';
import type { ToolResult } from '../../src/pipeline/result.ts';
import { createRegistry } from '../../src/pipeline/registry.ts';
import { ToolError, type ColumnProtection, type ExecuteContext, type Invocation, type ToolPack } from '../../src/pipeline/toolpack.ts';
import type { Approvals } from '../../src/approval/service.ts';
import { z } from 'zod';
import { loadPolicyFiles } from '../../src/policy/compile.ts';
import type { Runtime } from '../../src/server/runtime.ts';
import { readPack, startPackRuntime } from '../fixtures/read-pack.ts';

const EMAIL = 'alice.raw@example.com';
const SECRET_DETAIL = 'detail-that-must-not-reach-the-agent';

let executions = 0;
let nextResult: () => Promise<ToolResult> = async () => table();
/** What the tool was last run with. */
let lastRun: { invocation: Invocation; context: ExecuteContext } | undefined;
/** The columns the last classification was told are protected. */
let classifiedWith: ColumnProtection | undefined;
const probe = readPack('probe', async () => table());
const pack: ToolPack = {
  ...probe,
  classify: (tool, args, context) => {
    classifiedWith = context?.protection;
    return probe.classify(tool, args, context);
  },
  execute: async (invocation, context) => {
    executions++;
    lastRun = { invocation, context };
    return nextResult();
  },
};

function table(): ToolResult {
  return { kind: 'table', columns: [{ name: 'email', type: 'text' }], rows: [[EMAIL]], command: 'SELECT', rowCount: 1 };
}

interface Logged {
  err?: { name: string; message: string };
  callId?: string;
  tool?: string;
  msg: string;
}

let runtime: Runtime;
let sessionCount = 0;

before(async () => {
  runtime = await startPackRuntime(pack);
});
after(async () => {
  await runtime.close();
});

/** A pipeline over the runtime's own parts, with `overrides` in place, and the errors it logs. */
function pipelineWith(overrides: Partial<PipelineDeps> = {}) {
  const logged: Logged[] = [];
  const logger = { error: (obj: Omit<Logged, 'msg'>, msg: string) => void logged.push({ ...obj, msg }) } as unknown as Logger;
  const maskers = new Map([['default', defaultMasker()]]);
  const deps: PipelineDeps = { registry: runtime.registry, approvals: runtime.approvals, policy: runtime.policy, maskers, record: runtime.record, scrub: runtime.scrub, limits: runtime.limits, logger, ...overrides };
  return { pipeline: createPipeline(deps), logged, deps };
}

/** The default masking profile of the runtime's config, as the runtime builds it. */
function defaultMasker(): Masker {
  const profile = runtime.config.masking.profiles.default;
  if (!profile) throw new Error('the config has no default masking profile');
  return createMasker(profile, { secretValues: [] });
}

function context(extra: Partial<CallContext> = {}): CallContext {
  const { session } = runtime.sessions.resolve(`fail-closed-${++sessionCount}`, 'stdio', 'test');
  return { principal: runtime.principals.stdio, session, sessionOpened: false, signal: new AbortController().signal, ...extra };
}

async function eventsOf(ctx: CallContext): Promise<AuditEvent[]> {
  return (await runtime.store.events()).filter((e) => e.session === ctx.session.id);
}

function policyOf(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-fail-closed-'));
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, yaml);
  const loaded = loadPolicyFiles([file], [{ key: pack.factsKey, schema: pack.factsSchema }]);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return loaded.policy;
}

function codeOf(result: { structuredContent: Record<string, unknown> }): string | undefined {
  return (result.structuredContent.error as { code?: string } | undefined)?.code;
}

/** Runs `call`, and asserts the tool did not run during it. */
async function withoutExecution<T>(call: () => Promise<T>): Promise<T> {
  const before = executions;
  const result = await call();
  assert.equal(executions, before, 'the tool ran');
  return result;
}

describe('pipeline: fail-closed steps before execution', () => {
  it('a call without a principal is refused, recorded with its request, and never runs', async () => {
    const { pipeline } = pipelineWith();
    const ctx = context({ principal: undefined });
    const result = await withoutExecution(() => pipeline('probe_read', { note: 'x' }, ctx));
    assert.equal(result.isError, true);
    assert.equal(codeOf(result), 'unauthenticated');
    const events = await eventsOf(ctx);
    assert.deepEqual(events.map((e) => e.type), ['call.requested', 'call.error']);
    assert.equal(events[0]?.principal, 'anonymous');
    assert.deepEqual(events[0]?.data.args, { note: 'x' });
    assert.equal(events[0]?.data.principal, null);
    assert.equal(events[1]?.data.code, 'unauthenticated');
    assert.equal(events[1]?.callId, events[0]?.callId);
    assert.equal(typeof events[1]?.data.durationMs, 'number');
    assert.deepEqual(events[1]?.data.rules, []);
  });

  it('a secret in the arguments is refused, alerted with who sent it, recorded as a security event, and never runs', async () => {
    const alerts: unknown[] = [];
    const found = [{ source: 'connection only password', path: 'note' }];
    const { pipeline } = pipelineWith({ findSecrets: () => found as never, alertSecret: (alert) => void alerts.push(alert) });
    const ctx = context();
    const result = await withoutExecution(() => pipeline('probe_read', { note: 'hunter2' }, ctx));
    assert.equal(codeOf(result), 'secret_in_arguments');
    assert.match(result.content[0]?.text ?? '', /operator was alerted/);
    assert.equal(alerts.length, 1);
    assert.deepEqual({ ...(alerts[0] as Record<string, unknown>), at: undefined }, { event: 'secret_in_arguments', principal: runtime.principals.stdio.id, session: ctx.session.id, callId: (await eventsOf(ctx))[0]?.callId, tool: 'probe_read', secrets: found, at: undefined });
    const events = await eventsOf(ctx);
    assert.deepEqual(events.map((e) => e.type), ['call.requested', 'call.error']);
    assert.deepEqual(events[1]?.data.security, { event: 'secret_in_arguments', secrets: found });
  });

  it("a tool's error that quotes a secret gatehouse holds is redacted, alerted and recorded as a security event", async () => {
    const held = 'Held-S3cret-for-errors';
    const alerts: SecretAlert[] = [];
    const profile = runtime.config.masking.profiles.default;
    if (!profile) throw new Error('the config has no default masking profile');
    const { pipeline } = pipelineWith({ maskers: new Map([['default', createMasker(profile, { secretValues: [held] })]]), alertSecret: (alert) => void alerts.push(alert) });
    nextResult = async () => {
      throw new ToolError('backend_failed', `login refused for password ${held}`);
    };
    const ctx = context();
    try {
      const result = await pipeline('probe_read', { note: 'n' }, ctx);
      assert.equal(codeOf(result), 'backend_failed');
      assert.ok(!JSON.stringify(result).includes(held), JSON.stringify(result));
    } finally {
      nextResult = async () => table();
    }
    assert.deepEqual(
      alerts.map((a) => [a.event, a.secrets, a.tool]),
      [['secret_in_result', [], 'probe_read']],
    );
    const events = await eventsOf(ctx);
    assert.deepEqual(events.at(-1)?.data.security, { event: 'secret_in_result' });
    assert.ok(!JSON.stringify(events).includes(held));
  });

  it('a secret in the arguments is refused the same where no one is set to be alerted', async () => {
    const { pipeline } = pipelineWith({ findSecrets: () => [{ source: 'connection only password', path: 'note' }] as never });
    const result = await withoutExecution(() => pipeline('probe_read', { note: 'hunter2' }, context()));
    assert.equal(codeOf(result), 'secret_in_arguments');
  });

  it('a call the server turned away is refused with its reason and never runs', async () => {
    const { pipeline } = pipelineWith();
    const ctx = context({ turnedAway: { code: 'too_many_calls', message: 'busy' } });
    const result = await withoutExecution(() => pipeline('probe_read', {}, ctx));
    assert.equal(codeOf(result), 'too_many_calls');
    assert.equal((await eventsOf(ctx)).at(-1)?.data.code, 'too_many_calls');
  });

  it('arguments nested deeper than the limit are refused and never run', async () => {
    const { pipeline } = pipelineWith();
    let nested: unknown = 'leaf';
    for (let i = 0; i <= MAX_ARGUMENT_DEPTH + 1; i++) nested = { n: nested };
    const ctx = context();
    const result = await withoutExecution(() => pipeline('probe_read', nested, ctx));
    assert.equal(codeOf(result), 'invalid_arguments');
    assert.match(result.content[0]?.text ?? '', new RegExp(`deeper than ${MAX_ARGUMENT_DEPTH} levels`));
  });

  it('an unknown tool is refused by the evaluation and recorded', async () => {
    const { pipeline } = pipelineWith();
    const ctx = context();
    const result = await withoutExecution(() => pipeline('nope_read', {}, ctx));
    assert.equal(codeOf(result), 'unknown_tool');
    assert.deepEqual((await eventsOf(ctx)).map((e) => e.type), ['call.requested', 'call.error']);
  });

  it('a principal over its evaluation share is refused with the wait, before any evaluation', async () => {
    const budget = { ...createEvaluationBudget(), budgetMs: 3000, windowMs: 30_000, waitFor: () => 1500, spend: () => assert.fail('evaluated') };
    const { pipeline } = pipelineWith({ budget });
    const ctx = context();
    const result = await withoutExecution(() => pipeline('probe_read', {}, ctx));
    assert.equal(codeOf(result), 'too_many_calls');
    assert.match(result.content[0]?.text ?? '', /3000 ms of every 30 s\); retry in 2 s/);
  });

  it('a call the policy denies is recorded as decided and denied, with the rule, and never runs', async () => {
    const policy = policyOf('default: allow\nrules:\n  - id: no-probe\n    match: { tools: [probe_read] }\n    effect: deny\n    reason: probes are off\n');
    const { pipeline } = pipelineWith({ policy });
    const ctx = context({ sessionOpened: true });
    const result = await withoutExecution(() => pipeline('probe_read', {}, ctx));
    assert.equal(codeOf(result), 'denied');
    const events = await eventsOf(ctx);
    assert.deepEqual(events.map((e) => e.type), ['session.started', 'call.requested', 'call.decided', 'call.error']);
    assert.equal(events[0]?.data.principal && (events[0].data.principal as { id: string }).id, runtime.principals.stdio.id);
    assert.equal(events[2]?.data.effect, 'deny');
    assert.equal(events[2]?.data.readOnly, true);
    assert.equal(events[2]?.data.summary, 'probe read');
    assert.deepEqual(events[2]?.data.facts, { probe: { ok: true } });
    assert.equal(events[3]?.data.code, 'denied');
    assert.equal(events[3]?.data.message, 'probes are off');
    assert.deepEqual((events[3]?.data.rules as Array<{ id: string }>).map((r) => r.id), ['no-probe']);
  });

  it('rules put in place by useRules govern the calls that start after', async () => {
    const { pipeline } = pipelineWith();
    pipeline.useRules({ policy: policyOf('default: deny\nrules: []\n'), maskers: new Map([['default', defaultMasker()]]) });
    const result = await withoutExecution(() => pipeline('probe_read', {}, context()));
    assert.equal(codeOf(result), 'denied');
  });

  it('a write-ahead record the store refuses stops the call before it runs', async () => {
    const outcomes: unknown[] = [];
    const record = Object.assign(async () => Promise.reject(new Error('store down')), { outcome: async (events: unknown[]) => void outcomes.push(events) });
    const { pipeline, logged } = pipelineWith({ record });
    const result = await withoutExecution(() => pipeline('probe_read', {}, context()));
    assert.equal(codeOf(result), 'audit_failed');
    assert.match(result.content[0]?.text ?? '', /not executed/);
    assert.deepEqual(logged, [{ err: { name: 'Error', message: 'store down' }, callId: logged[0]?.callId, msg: 'audit write-ahead failed; call refused' }]);
    assert.equal(typeof logged[0]?.callId, 'string');
  });

  it('a decision naming a masking profile that is not configured is refused before the tool runs', async () => {
    const { pipeline } = pipelineWith({ maskers: new Map() });
    const ctx = context();
    const result = await withoutExecution(() => pipeline('probe_read', {}, ctx));
    assert.equal(codeOf(result), 'masking_failed');
    assert.match(result.content[0]?.text ?? '', /"default" is not configured/);
    assert.equal((await eventsOf(ctx)).at(-1)?.data.code, 'masking_failed');
  });

  it('a call stopped by the kill switch ends with the stop, and the stage it ended in is kept', async () => {
    const { pipeline } = pipelineWith();
    const stop = new KillSwitchStop({ code: 'principal_suspended', message: 'suspended' }, { kind: 'principal', id: 'agent', by: 'op', reason: 'test', at: '2026-12-05T00:00:00Z' });
    const ctx = context({ principal: undefined, signal: AbortSignal.abort(stop) });
    const result = await pipeline('probe_read', {}, ctx);
    assert.equal(codeOf(result), 'principal_suspended');
    const ended = (await eventsOf(ctx)).at(-1);
    assert.equal(ended?.data.code, 'principal_suspended');
    assert.deepEqual(ended?.data.stopped, { kind: 'principal', id: 'agent', by: 'op', reason: 'test', at: '2026-12-05T00:00:00Z', outcome: { code: 'unauthenticated', message: 'no identity: this call has no principal' } });
  });

  it('a call the kill switch stopped at the step that refused it carries no second outcome', async () => {
    const { pipeline } = pipelineWith();
    const stop = new KillSwitchStop({ code: 'unauthenticated', message: 'stopped' }, { kind: 'session', id: 's', by: 'op', reason: 'test', at: '2026-12-05T00:00:00Z' });
    const ctx = context({ principal: undefined, signal: AbortSignal.abort(stop) });
    assert.equal(codeOf(await pipeline('probe_read', {}, ctx)), 'unauthenticated');
    const ended = (await eventsOf(ctx)).at(-1);
    assert.equal(ended?.data.message, 'no identity: this call has no principal');
    assert.equal('stopped' in (ended?.data ?? {}), false);
  });

  it('a refusal whose own record cannot be written says so, with the refusal code', async () => {
    const record = Object.assign(async () => [], { outcome: async () => Promise.reject(new Error('store down')) });
    const { pipeline, logged } = pipelineWith({ record });
    const result = await withoutExecution(() => pipeline('probe_read', {}, context({ principal: undefined })));
    assert.equal(codeOf(result), 'audit_failed');
    assert.match(result.content[0]?.text ?? '', /refused \(unauthenticated\)/);
    assert.deepEqual(logged, [{ err: { name: 'Error', message: 'store down' }, callId: logged[0]?.callId, msg: 'audit write failed while refusing a call' }]);
    assert.equal(typeof logged[0]?.callId, 'string');
  });

  it('an unexpected failure before the write-ahead record refuses the call with a message that quotes nothing', async () => {
    const { pipeline, logged } = pipelineWith({ findSecrets: () => { throw SECRET_DETAIL; } });
    const result = await withoutExecution(() => pipeline('probe_read', {}, context()));
    assert.equal(codeOf(result), 'internal');
    assert.equal(result.content[0]?.text.includes('the call failed inside gatehouse; the error was logged for the operator'), true, result.content[0]?.text);
    assert.ok(!JSON.stringify(result).includes(SECRET_DETAIL));
    // A thrown value that is not an Error is logged as its text, under a generic name.
    assert.deepEqual(logged, [{ err: { name: 'Error', message: SECRET_DETAIL }, tool: 'probe_read', msg: 'call failed unexpectedly; refused' }]);
  });

  it('an Error thrown before the write-ahead record reaches the agent as the generic message, never its own', async () => {
    // An Error's message is the text a careless catch-all would pass on (a driver's, quoting data).
    const { pipeline, logged } = pipelineWith({ findSecrets: () => { throw new Error(SECRET_DETAIL); } });
    const ctx = context();
    const result = await withoutExecution(() => pipeline('probe_read', {}, ctx));
    assert.equal(codeOf(result), 'internal');
    assert.ok(result.content[0]?.text.includes('the call failed inside gatehouse; the error was logged for the operator'), result.content[0]?.text);
    assert.ok(!JSON.stringify(result).includes(SECRET_DETAIL));
    assert.deepEqual(logged, [{ err: { name: 'Error', message: SECRET_DETAIL }, tool: 'probe_read', msg: 'call failed unexpectedly; refused' }]);
  });
});

describe('pipeline: what leaves a call that ran', () => {
  after(() => {
    nextResult = async () => table();
  });

  it('a result reaches the agent masked, and the audit records that very result', async () => {
    nextResult = async () => table();
    const { pipeline } = pipelineWith();
    const ctx = context();
    const before = executions;
    const result = await pipeline('probe_read', {}, ctx);
    assert.equal(executions, before + 1);
    assert.notEqual(result.isError, true);
    assert.ok(!JSON.stringify(result).includes(EMAIL), JSON.stringify(result));
    assert.match(result.content[0]?.text ?? '', /masked/);
    const events = await eventsOf(ctx);
    assert.deepEqual(events.map((e) => e.type), ['call.requested', 'call.decided', 'call.result']);
    const recorded = events[2];
    assert.deepEqual(recorded?.data.result, JSON.parse(JSON.stringify(result)));
    assert.ok((recorded?.data.masked as { total: number }).total > 0);
    assert.equal(typeof recorded?.data.executeMs, 'number');
    assert.equal(recorded?.data.recording, undefined);
  });

  it('command output is recorded with its timing for replay', async () => {
    nextResult = async () => ({ kind: 'process', stdout: 'ok\n', stderr: '', exitCode: 0, events: [[0, 'o', 'ok\n']] });
    const { pipeline } = pipelineWith();
    const ctx = context();
    await pipeline('probe_read', {}, ctx);
    assert.deepEqual((await eventsOf(ctx)).at(-1)?.data.recording, [[0, 'o', 'ok\n']]);
  });

  it('a result whose record cannot be written is withheld', async () => {
    nextResult = async () => table();
    const record = Object.assign(async () => [], { outcome: async () => Promise.reject(new Error('store down')) });
    const { pipeline, logged } = pipelineWith({ record });
    const result = await pipeline('probe_read', {}, context());
    assert.equal(codeOf(result), 'audit_failed');
    assert.match(result.content[0]?.text ?? '', /withheld/);
    assert.deepEqual(logged.map((l) => [l.msg, l.err?.message, typeof l.callId]), [['audit write of the result failed; result withheld', 'store down', 'string']]);
    assert.ok(!JSON.stringify(result).includes('example.com'));
  });

  it('a masking failure withholds the whole result and records the call as failed', async () => {
    nextResult = async () => table();
    const failing: Masker = { protection: defaultMasker().protection, maskText: (t) => t, maskResult: () => { throw new Error(EMAIL); } };
    const { pipeline, logged } = pipelineWith({ maskers: new Map([['default', failing]]) });
    const ctx = context();
    const result = await pipeline('probe_read', {}, ctx);
    assert.equal(codeOf(result), 'masking_failed');
    assert.match(result.content[0]?.text ?? '', /could not be masked, so it was withheld/);
    assert.ok(!JSON.stringify(result).includes(EMAIL));
    assert.equal((await eventsOf(ctx)).at(-1)?.type, 'call.error');
    assert.equal((await eventsOf(ctx)).at(-1)?.data.code, 'masking_failed');
    assert.deepEqual(logged, [{ err: { name: 'Error', message: EMAIL }, tool: 'probe_read', msg: 'masking failed; result withheld' }]);
  });

  it('a tool error reaches the agent with its code and its message masked', async () => {
    nextResult = async () => { throw new ToolError('query_failed', `no row for ${EMAIL}`); };
    const { pipeline } = pipelineWith();
    const ctx = context();
    const result = await pipeline('probe_read', {}, ctx);
    assert.equal(codeOf(result), 'query_failed');
    assert.match(result.content[0]?.text ?? '', /no row for/);
    assert.ok(!JSON.stringify(result).includes(EMAIL));
    assert.ok(!JSON.stringify((await eventsOf(ctx)).at(-1)).includes(EMAIL));
  });

  it('any other tool failure is refused with a generic message and logged for the operator', async () => {
    nextResult = async () => { throw new Error(SECRET_DETAIL); };
    const { pipeline, logged } = pipelineWith();
    const result = await pipeline('probe_read', {}, context());
    assert.equal(codeOf(result), 'internal');
    assert.match(result.content[0]?.text ?? '', /the tool failed unexpectedly; the error was logged for the operator/);
    assert.ok(!JSON.stringify(result).includes(SECRET_DETAIL));
    assert.deepEqual(logged, [{ err: { name: 'Error', message: SECRET_DETAIL }, tool: 'probe_read', msg: 'tool execution failed' }]);
  });

  it('a built-in tool answers without the policy, and its answer, refusal or failure is recorded', async () => {
    const answers = [
      async () => pass({ content: [{ type: 'text' as const, text: 'fine' }], structuredContent: { state: 'fine' } }),
      async () => refuse('not_found', 'no such approval'),
      async () => Promise.reject(new Error(SECRET_DETAIL)),
    ];
    let next = 0;
    const builtins = new Map([['status', async () => (answers[next++] as () => ReturnType<typeof answers[0]>)()]]);
    const { pipeline, logged } = pipelineWith({ builtins: builtins as never, policy: policyOf('default: deny\nrules: []\n') });
    const ok = context();
    assert.deepEqual((await withoutExecution(() => pipeline('status', {}, ok))).structuredContent, { state: 'fine' });
    assert.deepEqual((await eventsOf(ok)).map((e) => e.type), ['call.requested', 'call.result']);
    const refused = context();
    assert.equal(codeOf(await pipeline('status', {}, refused)), 'not_found');
    assert.equal((await eventsOf(refused)).at(-1)?.data.code, 'not_found');
    const failed = context();
    const failure = await pipeline('status', {}, failed);
    assert.equal(codeOf(failure), 'internal');
    assert.ok(!JSON.stringify(failure).includes(SECRET_DETAIL));
    assert.equal((await eventsOf(failed)).at(-1)?.data.code, 'internal');
    assert.deepEqual(logged, [{ err: { name: 'Error', message: SECRET_DETAIL }, callId: (await eventsOf(failed))[0]?.callId, msg: 'built-in tool failed; refused' }]);
  });
});

describe('pipeline: gates, targets and the record of a call that ran', () => {
  /** The probe tool with a `target` argument, over one connection `db1`, and how often a call held it. */
  function targetRegistry() {
    const tool = { ...pack.tools[0]!, input: z.object({ target: z.string() }), targetArg: 'target' };
    const targeted: ToolPack = { ...pack, tools: [tool] };
    const registry = createRegistry([targeted], new Map([['db1', { target: { name: 'db1', type: 'probe', labels: {} }, pack: targeted, config: {}, secrets: {} }]]));
    const holds = { taken: 0, released: 0 };
    const hold = registry.hold.bind(registry);
    registry.hold = (open) => {
      holds.taken++;
      const release = hold(open);
      return () => {
        holds.released++;
        release();
      };
    };
    return { registry, holds };
  }

  /** Approvals whose gate answers `answer`, and the calls it was asked about. */
  function approvalsAnswering(answer: unknown): { approvals: Approvals; asked: unknown[] } {
    const asked: unknown[] = [];
    return { approvals: { gate: async (call: unknown) => (asked.push(call), answer) } as unknown as Approvals, asked };
  }

  it('a call on a target runs with that target\'s connection and the decision\'s limits, is recorded against it, and lets go of it', async () => {
    nextResult = async () => ({ kind: 'document', value: { fine: true } });
    const { registry, holds } = targetRegistry();
    const { pipeline, deps } = pipelineWith({ registry });
    const ctx = context();
    const result = await pipeline('probe_read', { target: 'db1' }, ctx);
    assert.notEqual(result.isError, true);
    const open = registry.targets.get('db1');
    assert.equal(lastRun?.invocation.target, open?.target);
    assert.equal(lastRun?.invocation.connection, open?.handle);
    assert.deepEqual(lastRun?.invocation.targets.map((t) => t.name), ['db1']);
    assert.deepEqual(lastRun?.invocation.args, { target: 'db1' });
    assert.equal(lastRun?.context.readOnly, true);
    assert.equal(lastRun?.context.signal, ctx.signal);
    assert.deepEqual(lastRun?.context.limits, runtime.limits);
    assert.deepEqual(lastRun?.context.classification?.facts, { probe: { ok: true } });
    assert.equal(lastRun?.context.protection, deps.maskers.get('default')?.protection);
    assert.equal('rowCeiling' in (lastRun?.context ?? {}), false);
    const events = await eventsOf(ctx);
    assert.deepEqual(events.map((e) => [e.type, e.target]), [['call.requested', undefined], ['call.decided', 'db1'], ['call.result', 'db1']]);
    assert.deepEqual(holds, { taken: 1, released: 1 });
  });

  it('a refused call on a target is recorded against it and lets go of it', async () => {
    const { registry, holds } = targetRegistry();
    const { pipeline } = pipelineWith({ registry, policy: policyOf('default: deny\nrules: []\n') });
    const ctx = context();
    await withoutExecution(() => pipeline('probe_read', { target: 'db1' }, ctx));
    assert.deepEqual((await eventsOf(ctx)).map((e) => [e.type, e.target]), [['call.requested', undefined], ['call.decided', 'db1'], ['call.error', 'db1']]);
    assert.deepEqual(holds, { taken: 1, released: 1 });
  });

  it('a call the policy wants confirmed does not run when the client cannot be asked', async () => {
    const { pipeline } = pipelineWith({ policy: policyOf('default: confirm\nrules: []\n') });
    const ctx = context();
    const result = await withoutExecution(() => pipeline('probe_read', {}, ctx));
    assert.equal(result.isError, true);
    assert.equal((await eventsOf(ctx)).at(-1)?.type, 'call.error');
  });

  it('a call held for review does not run, and the agent gets the approval to wait for', async () => {
    const pending = { id: 'req-1', state: 'pending', approverGroups: ['dba'], expiresAt: '2026-12-05T01:00:00Z' };
    const { approvals, asked } = approvalsAnswering({ kind: 'pending', approval: pending });
    const { pipeline } = pipelineWith({ approvals, policy: policyOf('default: review\nrules: []\n') });
    const ctx = context({ task: true });
    const result = await withoutExecution(() => pipeline('probe_read', {}, ctx));
    assert.equal(codeOf(result), 'approval_pending');
    assert.equal(asked.length, 1);
    assert.equal((await eventsOf(ctx)).at(-1)?.data.code, 'approval_pending');
  });

  it('an approved call runs within the rows the approver saw', async () => {
    nextResult = async () => table();
    const { approvals } = approvalsAnswering({ kind: 'run', grant: { id: 'grant-1', rowCeiling: 3 } });
    const { pipeline } = pipelineWith({ approvals, policy: policyOf('default: review\nrules: []\n') });
    const before = executions;
    const result = await pipeline('probe_read', {}, context());
    assert.notEqual(result.isError, true);
    assert.equal(executions, before + 1);
    assert.equal(lastRun?.context.rowCeiling, 3);
  });

  it('a call resumed under an approval goes through that approval even where the policy now allows it', async () => {
    const { approvals, asked } = approvalsAnswering({ kind: 'pending', approval: { id: 'req-2', state: 'cancelled', approverGroups: [], expiresAt: '' } });
    const { pipeline } = pipelineWith({ approvals });
    const result = await withoutExecution(() => pipeline('probe_read', {}, context({ approvalId: 'req-2' })));
    assert.equal(codeOf(result), 'approval_cancelled');
    assert.equal((asked[0] as { approvalId?: string }).approvalId, 'req-2');
  });

  it('the record of a call holds the caller, the chosen call id, the session\'s client, and times within the call\'s own', async () => {
    nextResult = async () => ({ kind: 'document', value: 'clean' });
    const { pipeline } = pipelineWith();
    const callId = '00000000-0000-4000-8000-000000000001';
    const caller = { protocolVersion: '2025-11-25', traceId: '0af7651916cd43dd8448eb211c80319c' };
    const ctx = context({ sessionOpened: true, callId, caller: { ...caller, clientEscaped: true } });
    const start = performance.now();
    const result = await pipeline('probe_read', undefined, ctx);
    const wall = performance.now() - start;
    assert.ok(!(result.content[0]?.text ?? '').includes('masked'), 'a result with nothing masked has no masking note');
    const events = await eventsOf(ctx);
    assert.deepEqual(events.map((e) => e.type), ['session.started', 'call.requested', 'call.decided', 'call.result']);
    assert.equal(events[0]?.data.clientEscaped, true);
    assert.equal(events[0]?.data.transport, 'stdio');
    assert.equal(events[0]?.data.client, 'test');
    assert.deepEqual(events[1]?.data.args, {});
    assert.deepEqual(events[1]?.data.caller, { ...caller, clientEscaped: true });
    assert.ok(events.slice(1).every((e) => e.callId === callId));
    // The call's time, rounded to the microsecond, covers its execution.
    assert.ok((events[3]?.data.durationMs as number) >= (events[3]?.data.executeMs as number) - 0.0005);
    for (const key of ['durationMs', 'executeMs'] as const) {
      const ms = events[3]?.data[key] as number;
      assert.ok(ms >= 0 && ms <= wall, `${key} ${ms} lies within the call's ${wall} ms`);
    }
  });

  it('command output without events runs and is recorded without a recording', async () => {
    nextResult = async () => ({ kind: 'process', stdout: 'ok\n', stderr: '', exitCode: 0 });
    const { pipeline } = pipelineWith();
    const ctx = context();
    assert.notEqual((await pipeline('probe_read', {}, ctx)).isError, true);
    assert.equal('recording' in ((await eventsOf(ctx)).at(-1)?.data ?? {}), false);
  });

  it('a call the person at the client confirms runs', async () => {
    nextResult = async () => table();
    const { pipeline } = pipelineWith({ policy: policyOf('default: confirm\nrules: []\n') });
    const before = executions;
    const result = await pipeline('probe_read', {}, context({ confirm: { mode: 'now', ask: async () => 'accept' } }));
    assert.notEqual(result.isError, true, JSON.stringify(result));
    assert.equal(executions, before + 1);
  });

  it('the call is classified knowing every column any masking profile protects', async () => {
    const everything: ColumnProtection = { column: () => true, table: () => true, any: true };
    const { pipeline } = pipelineWith({ maskers: new Map([['default', defaultMasker()], ['strict', { ...defaultMasker(), protection: everything }]]) });
    await pipeline('probe_read', {}, context());
    assert.equal(classifiedWith?.any, true);
    assert.equal(classifiedWith?.column('public.people', 'email'), true);
  });

  it('a failure after the write-ahead record is logged for the operator with the call\'s id', async () => {
    // Rows that can be read once (by masking) and then break (while rendering).
    let reads = 0;
    const breaking = { kind: 'table', columns: [{ name: 'n', type: 'int4' }], command: 'SELECT', rowCount: 1 } as ToolResult & { rows: unknown[][] };
    Object.defineProperty(breaking, 'rows', { get: () => (reads++ > 0 ? assert.fail(SECRET_DETAIL) : [[1]]) });
    nextResult = async () => breaking;
    const { pipeline, logged } = pipelineWith();
    const ctx = context();
    const result = await pipeline('probe_read', {}, ctx);
    assert.equal(codeOf(result), 'internal');
    assert.ok(!JSON.stringify(result).includes(SECRET_DETAIL));
    const callId = (await eventsOf(ctx))[0]?.callId;
    assert.deepEqual(logged.map((l) => [l.msg, l.err?.message, l.callId]), [['call failed unexpectedly after its write-ahead record; refused', SECRET_DETAIL, callId]]);
  });

  it('a session that is not new records no start, and command output without events no recording', async () => {
    nextResult = async () => ({ kind: 'process', stdout: '', stderr: '', exitCode: 0, events: [] });
    const { pipeline } = pipelineWith();
    const ctx = context();
    await pipeline('probe_read', {}, ctx);
    const events = await eventsOf(ctx);
    assert.deepEqual(events.map((e) => e.type), ['call.requested', 'call.decided', 'call.result']);
    assert.equal('caller' in (events[0]?.data ?? {}), false);
    assert.equal('recording' in (events[2]?.data ?? {}), false);
  });
});

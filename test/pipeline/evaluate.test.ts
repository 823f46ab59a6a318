// The decision half of a call, as the server (off the event loop) and `gatehouse policy explain`
// (inline) run it: each step that cannot finish (tool, arguments, target, classification, policy)
// refuses with its own code and a message that names what is known, never a decision made without it.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import type { LoadedConnection } from '../../src/config/load.ts';
import type { Principal } from '../../src/identity/principal.ts';
import { DEFAULT_PROTECTION } from '../../src/masking/index.ts';
import { evaluateCall, evaluateCallOffThread, type EvaluatedCall } from '../../src/pipeline/evaluate.ts';
import type { EvaluationBudget } from '../../src/pipeline/evaluation-budget.ts';
import type { StageResult } from '../../src/pipeline/refusal.ts';
import { createRegistry, type Catalog } from '../../src/pipeline/registry.ts';
import type { ClassifyContext, Limits, OffThreadContext, ToolPack } from '../../src/pipeline/toolpack.ts';
import { loadPolicyFiles, type Policy } from '../../src/policy/compile.ts';
import { readPack } from '../fixtures/read-pack.ts';

const principal: Principal = { id: 'agent-1', name: 'Agent', groups: [], kind: 'agent' };
const limits: Limits = { timeoutMs: 1000, maxRows: 10, maxBytes: 10_000 };

/** A pack whose one tool names its target in `target`; `seen` collects each classify context. */
function targetPack(type: string, seen: ClassifyContext[] = [], offThread?: (ctx: OffThreadContext) => Promise<never> | Promise<ReturnType<ToolPack['classify']>> | undefined): ToolPack {
  const base = readPack(type, async () => ({ kind: 'document', value: null }));
  const tool = { ...base.tools[0]!, input: z.object({ target: z.string(), limit: z.number().optional(), options: z.object({ depth: z.number() }).optional() }), targetArg: 'target' };
  return {
    ...base,
    tools: [tool],
    classify: (_name, _args, ctx) => {
      if (ctx) seen.push(ctx);
      return { facts: { [type]: { ok: true } }, readOnly: true, shape: type, summary: `${type} read` };
    },
    ...(offThread ? { classifyOffThread: (_name: string, _args: Record<string, unknown>, ctx: OffThreadContext) => offThread(ctx) } : {}),
  };
}

function connection(pack: ToolPack, name: string): [string, LoadedConnection] {
  return [name, { target: { name, type: pack.type, labels: { env: 'dev' } }, pack, config: {}, secrets: {} }];
}

function policyOf(yaml: string, pack: ToolPack): Policy {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-evaluate-'));
  writeFileSync(join(dir, 'policy.yaml'), yaml);
  const loaded = loadPolicyFiles([join(dir, 'policy.yaml')], [{ key: pack.factsKey, schema: pack.factsSchema }]);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return loaded.policy;
}

function budget(): EvaluationBudget & { spent: Array<[string, number]> } {
  const spent: Array<[string, number]> = [];
  return { budgetMs: 3000, windowMs: 30_000, waitFor: () => 0, spend: (who, ms) => void spent.push([who, ms]), spent };
}

function refusalOf(result: StageResult<EvaluatedCall>): { code: string; message: string } {
  assert.equal(result.ok, false, 'expected a refusal');
  return result.ok ? { code: '', message: '' } : result.refusal;
}

const seen: ClassifyContext[] = [];
const pack = targetPack('thing', seen);
const other = targetPack('other');
const registry = createRegistry([pack, other], new Map([connection(pack, 'a'), connection(pack, 'b'), connection(other, 'elsewhere')]));
const allow = policyOf('default: allow\nrules:\n  - id: b-reviewed\n    match: { targets: [b] }\n    effect: review\n    reason: b is reviewed\n', pack);

describe('evaluate a call', () => {
  it('inline and off the event loop reach the same decision on the same facts', async () => {
    for (const evaluate of [
      () => evaluateCall(registry, allow, limits, 'thing_read', { target: 'b', limit: 2 }, principal),
      () => evaluateCallOffThread(budget(), registry, allow, limits, 'thing_read', { target: 'b', limit: 2 }, principal),
    ]) {
      const result = await evaluate();
      assert.ok(result.ok);
      const call = result.value;
      assert.equal(call.tool.spec.name, 'thing_read');
      assert.deepEqual(call.args, { target: 'b', limit: 2 });
      assert.equal(call.target.name, 'b');
      assert.equal(call.open, registry.targets.get('b'));
      assert.deepEqual(call.targets.map((t) => t.name), ['a', 'b']);
      assert.deepEqual(call.classification.facts, { thing: { ok: true } });
      assert.deepEqual(call.action, { tool: 'thing_read', target: call.target, principal, facts: { thing: { ok: true } } });
      assert.equal(call.decision.effect, 'review');
      assert.deepEqual(call.decision.rules.map((r) => r.id), ['b-reviewed']);
    }
  });

  it('classifies with the default profile\'s protected columns unless given others', () => {
    seen.length = 0;
    const protection = { ...DEFAULT_PROTECTION };
    evaluateCall(registry, allow, limits, 'thing_read', { target: 'a' }, principal);
    evaluateCall(registry, allow, limits, 'thing_read', { target: 'a' }, principal, protection);
    assert.equal(seen[0]?.protection, DEFAULT_PROTECTION);
    assert.equal(seen[1]?.protection, protection);
  });

  it('refuses an unknown tool, naming the tools there are', () => {
    assert.deepEqual(refusalOf(evaluateCall(registry, allow, limits, 'thing_write', {}, principal)), { code: 'unknown_tool', message: 'unknown tool "thing_write"; available: thing_read, other_read' });
  });

  it('refuses arguments the tool\'s schema rejects, naming each problem and where', () => {
    const missing = refusalOf(evaluateCall(registry, allow, limits, 'thing_read', { limit: 'x' }, principal));
    assert.equal(missing.code, 'invalid_arguments');
    assert.match(missing.message, /^invalid arguments for thing_read: target: [^;]+; limit: /);
    assert.match(refusalOf(evaluateCall(registry, allow, limits, 'thing_read', { target: 'a', options: { depth: 'deep' } }, principal)).message, /^invalid arguments for thing_read: options\.depth: /);
    // No arguments at all are read as an empty object: the problem is the missing target.
    assert.match(refusalOf(evaluateCall(registry, allow, limits, 'thing_read', null, principal)).message, /^invalid arguments for thing_read: target: /);
    assert.match(refusalOf(evaluateCall(registry, allow, limits, 'thing_read', 'text', principal)).message, /^invalid arguments for thing_read: arguments: /);
  });

  it('refuses a target that is not configured for the tool\'s type, quoting at most 100 characters of it', () => {
    const long = 'x'.repeat(150);
    const refusal = refusalOf(evaluateCall(registry, allow, limits, 'thing_read', { target: long }, principal));
    assert.deepEqual(refusal, { code: 'unknown_target', message: `unknown target "${'x'.repeat(100)}"; known: a, b` });
    // A connection of another type is not a target of this tool.
    assert.equal(refusalOf(evaluateCall(registry, allow, limits, 'thing_read', { target: 'elsewhere' }, principal)).code, 'unknown_target');
    const empty: Catalog = { tools: registry.tools, targets: new Map(), targetsOfType: () => [] };
    assert.match(refusalOf(evaluateCall(empty, allow, limits, 'thing_read', { target: 'a' }, principal)).message, /known: \(none configured\)$/);
  });

  it('a tool that names no target acts on its pack', () => {
    const plain = readPack('plain', async () => ({ kind: 'document', value: null }));
    const own = createRegistry([plain], new Map([connection(plain, 'p')]));
    const result = evaluateCall(own, policyOf('default: allow\nrules: []\n', plain), limits, 'plain_read', {}, principal);
    assert.ok(result.ok);
    assert.deepEqual(result.value.target, { name: '', type: 'plain', labels: {} });
    assert.equal('open' in result.value, false);
  });

  it('refuses when the classifier throws, inline or off the event loop, and still counts the time', async () => {
    const broken = { ...pack, classify: () => { throw new Error('parser crashed'); } };
    const brokenRegistry = createRegistry([broken], new Map([connection(broken, 'a')]));
    const message = 'the call could not be classified, so it was not executed';
    assert.deepEqual(refusalOf(evaluateCall(brokenRegistry, allow, limits, 'thing_read', { target: 'a' }, principal)), { code: 'classification_failed', message });
    const rejecting = targetPack('thing', [], () => Promise.reject(new Error('worker crashed')));
    const rejectingRegistry = createRegistry([rejecting], new Map([connection(rejecting, 'a')]));
    const counted = budget();
    assert.deepEqual(refusalOf(await evaluateCallOffThread(counted, rejectingRegistry, allow, limits, 'thing_read', { target: 'a' }, principal)), { code: 'classification_failed', message });
    assert.equal(counted.spent.length, 1);
    assert.equal(counted.spent[0]?.[0], 'agent-1');
  });

  it('refuses when the policy cannot be evaluated', () => {
    const broken = { ...allow, rules: null } as unknown as Policy;
    assert.deepEqual(refusalOf(evaluateCall(registry, broken, limits, 'thing_read', { target: 'a' }, principal)), { code: 'policy_failed', message: 'the policy could not be evaluated, so the call was not executed' });
  });

  it('off the event loop, classifies on the worker with the caller\'s protection and counts the worker\'s time against the caller', async () => {
    const contexts: OffThreadContext[] = [];
    const worker = targetPack('thing', [], (ctx) => {
      contexts.push(ctx);
      ctx.spend(5000);
      return Promise.resolve({ facts: { thing: { ok: false } }, readOnly: false, shape: 'worker', summary: 'from the worker' });
    });
    const workerRegistry = createRegistry([worker], new Map([connection(worker, 'a')]));
    const counted = budget();
    const start = performance.now();
    const result = await evaluateCallOffThread(counted, workerRegistry, allow, limits, 'thing_read', { target: 'a' }, principal);
    const wall = performance.now() - start;
    assert.ok(result.ok);
    assert.equal(result.value.classification.summary, 'from the worker');
    assert.equal(contexts[0]?.principal, 'agent-1');
    assert.equal(contexts[0]?.protection, DEFAULT_PROTECTION);
    assert.equal(counted.spent.length, 1);
    // The worker's 5000 ms, plus no more than the call's own time here.
    const spent = counted.spent[0]?.[1] ?? 0;
    assert.ok(spent >= 5000 && spent <= 5000 + wall, `${spent} ms counted for a call of ${wall} ms`);
  });

  it('off the event loop, a pack that declines the worker is classified inline', async () => {
    const inline: ClassifyContext[] = [];
    const declining = targetPack('thing', inline, () => undefined);
    const decliningRegistry = createRegistry([declining], new Map([connection(declining, 'a')]));
    const result = await evaluateCallOffThread(budget(), decliningRegistry, allow, limits, 'thing_read', { target: 'a' }, principal);
    assert.ok(result.ok);
    assert.equal(inline.length, 1);
    assert.equal(inline[0]?.protection, DEFAULT_PROTECTION);
  });

  it('off the event loop, a call refused before classification still has its time counted', async () => {
    const counted = budget();
    assert.equal(refusalOf(await evaluateCallOffThread(counted, registry, allow, limits, 'nope', {}, principal)).code, 'unknown_tool');
    assert.deepEqual(counted.spent.map(([who]) => who), ['agent-1']);
  });
});

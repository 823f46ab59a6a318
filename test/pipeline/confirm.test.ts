// The confirm stage in-process, through the real pipeline, store and policy: a `confirm` call runs
// only on a yes from the person at the client to this exact call. The question quotes the call as
// plain text; each answer is recorded; a reply given in a later round counts only for the principal
// and the action that were asked about, within ASK_VALID_MS, and once.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { actionHash } from '../../src/approval/model.ts';
import type { AuditEvent } from '../../src/audit/events.ts';
import type { Principal } from '../../src/identity/principal.ts';
import { createMasker } from '../../src/masking/index.ts';
import { ASK_VALID_MS, confirmationMessage, confirmGate, type Asking, type ConfirmAnswer } from '../../src/pipeline/confirm.ts';
import type { EvaluatedCall } from '../../src/pipeline/evaluate.ts';
import { createPipeline, type CallContext } from '../../src/pipeline/pipeline.ts';
import type { ToolPack } from '../../src/pipeline/toolpack.ts';
import { loadPolicyFiles } from '../../src/policy/compile.ts';
import { CONTINUED } from '../../src/render/screen.ts';
import type { Runtime } from '../../src/server/runtime.ts';
import { readPack, startPackRuntime } from '../fixtures/read-pack.ts';

const agent: Principal = { id: 'agent-7', name: 'Ops Agent', groups: [], kind: 'agent' };
const other: Principal = { id: 'agent-8', name: 'Other Agent', groups: [], kind: 'agent' };
const REASON = 'Deletes need a yes at the client.';

let executions = 0;
/** The summary the pack's classifier gives the next call. */
let summary = 'delete order 1';
const base = readPack('probe', async () => {
  executions++;
  return { kind: 'document', value: 'done' };
});
const pack: ToolPack = {
  ...base,
  tools: [{ ...base.tools[0]!, input: z.object({ id: z.number(), target: z.string() }), targetArg: 'target' }],
  classify: () => ({ facts: { probe: { ok: true } }, readOnly: false, shape: 'probe', summary }),
};

let runtime: Runtime;
let sessions = 0;
before(async () => {
  runtime = await startPackRuntime(pack);
});
after(async () => {
  await runtime.close();
});

function confirmPolicy() {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-confirm-'));
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, `default: allow\nrules:\n  - id: confirm-all\n    match: { targets: [only] }\n    effect: confirm\n    reason: ${JSON.stringify(REASON)}\n`);
  const loaded = loadPolicyFiles([file], [{ key: pack.factsKey, schema: pack.factsSchema }]);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return loaded.policy;
}

function pipeline() {
  const profile = runtime.config.masking.profiles.default;
  if (!profile) throw new Error('no default masking profile');
  const maskers = new Map([['default', createMasker(profile, { secretValues: [] })]]);
  const logger = { error: () => undefined } as never;
  return createPipeline({ registry: runtime.registry, approvals: runtime.approvals, policy: confirmPolicy(), maskers, record: runtime.record, scrub: runtime.scrub, limits: runtime.limits, logger });
}

function context(principal: Principal | undefined, confirm: Asking | undefined, callId?: string): CallContext {
  const { session } = runtime.sessions.resolve(`confirm-${++sessions}`, 'stdio', 'claude-code');
  return { principal, session, sessionOpened: false, signal: new AbortController().signal, ...(confirm ? { confirm } : {}), ...(callId ? { callId } : {}) };
}

async function eventsOf(ctx: CallContext): Promise<AuditEvent[]> {
  return (await runtime.store.events()).filter((e) => e.session === ctx.session.id);
}

interface Outcome {
  isError?: boolean;
  content: Array<{ text: string }>;
  structuredContent: { error?: { code: string; message: string; question?: string; askedIn?: string; rules?: Array<{ id: string }> } };
}

async function call(ctx: CallContext, id = 1): Promise<{ result: Outcome; ran: boolean }> {
  const before = executions;
  const result = (await pipeline()('probe_read', { id, target: 'only' }, ctx)) as Outcome;
  return { result, ran: executions > before };
}

/** A question as its lines, before gatehouse wrapped them narrower than a dialog. */
const unwrapped = (question: string | undefined) => (question ?? '').replaceAll(`\n${CONTINUED}`, '');

/** Asks now and answers `answer`; `questions` collects what the person was shown. */
function askingNow(answer: ConfirmAnswer | undefined | Error, questions: string[] = []): Asking {
  return {
    mode: 'now',
    ask: async (message) => {
      questions.push(message);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

/** Asks in rounds; the record of the asking call is read from the real store, then `adjust`ed. */
function askingInRounds(reply?: { askedIn: string; answer: ConfirmAnswer }, adjust: (e: AuditEvent) => AuditEvent = (e) => e): Asking {
  return {
    mode: 'rounds',
    ...(reply ? { reply } : {}),
    asked: async (callId) => {
      const found = (await runtime.store.events()).find((e) => e.callId === callId && e.type === 'call.confirmation_asked');
      return found && adjust(found);
    },
  };
}

describe('confirm: asked within the call', () => {
  it('a yes runs the call and records the answer bound to the action', async () => {
    summary = 'delete order 1';
    const questions: string[] = [];
    const ctx = context(agent, askingNow('accept', questions));
    const { result, ran } = await call(ctx);
    assert.equal(ran, true);
    assert.equal(result.isError, undefined);
    assert.deepEqual(questions, [
      ['Ops Agent (via claude-code) asks to run probe_read on only:', '│ delete order 1', `Policy: ${REASON}`, 'Run this call? Your answer applies to this call only.'].join('\n'),
    ]);
    const confirmed = (await eventsOf(ctx)).find((e) => e.type === 'call.confirmed');
    assert.equal(confirmed?.principal, agent.id);
    assert.equal(confirmed?.tool, 'probe_read');
    assert.equal(confirmed?.target, 'only');
    assert.deepEqual(confirmed?.data, { accepted: true, answer: 'accept', actionHash: actionHash('probe_read', 'only', { id: 1, target: 'only' }, agent.id) });
  });

  for (const [answer, why] of [
    ['decline', 'the person said no'],
    ['cancel', 'the question was dismissed'],
    ['timeout', 'no answer came in time'],
  ] as const) {
    it(`${answer} refuses the call, says why, and records the answer`, async () => {
      const ctx = context(agent, askingNow(answer));
      const { result, ran } = await call(ctx);
      assert.equal(ran, false);
      assert.equal(result.structuredContent.error?.code, 'confirmation_declined');
      assert.equal(result.structuredContent.error?.message, `The call was not confirmed at the client (${why}), so it was not run.`);
      assert.deepEqual(result.structuredContent.error?.rules?.map((r) => r.id), ['confirm-all']);
      const confirmed = (await eventsOf(ctx)).find((e) => e.type === 'call.confirmed');
      assert.deepEqual(confirmed?.data, { accepted: false, answer, actionHash: actionHash('probe_read', 'only', { id: 1, target: 'only' }, agent.id) });
    });
  }

  for (const [name, answer] of [
    ['turns the question away', undefined],
    ['fails to ask', new Error('elicitation failed')],
  ] as const) {
    it(`a client that ${name} leaves the call unrun and unconfirmed`, async () => {
      const ctx = context(agent, askingNow(answer));
      const { result, ran } = await call(ctx);
      assert.equal(ran, false);
      assert.equal(result.structuredContent.error?.code, 'confirmation_unavailable');
      assert.equal(result.structuredContent.error?.message, `${REASON} The client could not ask for a confirmation, so the call was not run.`);
      assert.deepEqual(result.structuredContent.error?.rules?.map((r) => r.id), ['confirm-all']);
      assert.equal((await eventsOf(ctx)).some((e) => e.type === 'call.confirmed'), false);
    });
  }

  it('a client that cannot ask at all is refused, saying so', async () => {
    const ctx = context(agent, undefined);
    const { result, ran } = await call(ctx);
    assert.equal(ran, false);
    assert.equal(result.structuredContent.error?.code, 'confirmation_unavailable');
    assert.equal(
      result.structuredContent.error?.message,
      `${REASON} This call needs the confirmation of the person at the client, and this client cannot ask (it did not declare elicitation); the call was not run.`,
    );
    assert.deepEqual(result.structuredContent.error?.rules?.map((r) => r.id), ['confirm-all']);
  });
});

describe('confirm: the question', () => {
  it('shows the principal id when it has no name, and the summary as quoted lines', async () => {
    summary = 'delete order 1\nand order 2';
    const questions: string[] = [];
    await call(context({ ...agent, name: '' }, askingNow('decline', questions)));
    assert.equal(questions[0]?.split('\n')[0], 'agent-7 (via claude-code) asks to run probe_read on only:');
    assert.deepEqual(questions[0]?.split('\n').slice(1, 3), ['│ delete order 1', '│ and order 2']);
  });

  it('says "(no summary)" when the classifier gave none', async () => {
    summary = '';
    const questions: string[] = [];
    await call(context(agent, askingNow('decline', questions)));
    assert.equal(questions[0]?.split('\n')[1], '│ (no summary)');
  });

  it('cuts a long summary, saying how much was left out', async () => {
    summary = 'x'.repeat(4010);
    const questions: string[] = [];
    await call(context(agent, askingNow('decline', questions)));
    const line = unwrapped(questions[0]).split('\n')[1] ?? '';
    assert.equal(line, `│ ${'x'.repeat(4000)}… (10 more characters)`);
    assert.ok(questions[0]?.split('\n').every((row) => Array.from(row).length <= 72), 'the question is wrapped narrower than a dialog');
  });

  it('shows hidden characters in the summary as escapes and warns of them before the question', async () => {
    summary = 'delete order 1\u202e\u001b[2K';
    const questions: string[] = [];
    await call(context(agent, askingNow('decline', questions)));
    const lines = unwrapped(questions[0]).split('\n');
    assert.equal(lines.length, 5);
    assert.ok(!lines[1]?.includes('\u202e') && !lines[1]?.includes('\u001b'), 'no raw control reaches the person');
    assert.match(lines[3] ?? '', /^This text contains .+: they are shown escaped/, 'a warning line names what was hidden');
    assert.equal(lines[4], 'Run this call? Your answer applies to this call only.');
  });
});

describe('confirm: asked in rounds', () => {
  it('the first round asks, records the question bound to the action, and does not run', async () => {
    summary = 'delete order 1';
    const ctx = context(agent, askingInRounds(), 'round-1');
    const { result, ran } = await call(ctx);
    assert.equal(ran, false);
    assert.equal(result.structuredContent.error?.code, 'confirmation_requested');
    assert.equal(result.structuredContent.error?.message, `${REASON} The person at the client is asked to confirm this call.`);
    assert.equal(result.structuredContent.error?.askedIn, 'round-1');
    assert.match(result.structuredContent.error?.question ?? '', /^Ops Agent \(via claude-code\) asks to run probe_read on only:\n│ delete order 1\n/);
    const asked = (await eventsOf(ctx)).find((e) => e.type === 'call.confirmation_asked');
    assert.equal(asked?.callId, 'round-1');
    assert.equal(asked?.principal, agent.id);
    assert.deepEqual(asked?.data, { actionHash: actionHash('probe_read', 'only', { id: 1, target: 'only' }, agent.id) });
  });

  it('a yes in the next round runs the call once; the same reply again asks anew', async () => {
    await call(context(agent, askingInRounds(), 'round-2'));
    const ctx = context(agent, askingInRounds({ askedIn: 'round-2', answer: 'accept' }), 'round-2b');
    const first = await call(ctx);
    assert.equal(first.ran, true);
    const confirmed = (await runtime.store.events()).filter((e) => e.callId === 'round-2' && e.type === 'call.confirmed');
    assert.deepEqual(
      confirmed.map((e) => e.data),
      [{ accepted: true, answer: 'accept', actionHash: actionHash('probe_read', 'only', { id: 1, target: 'only' }, agent.id), answeredIn: 'round-2b' }],
    );
    const again = await call(context(agent, askingInRounds({ askedIn: 'round-2', answer: 'accept' }), 'round-2c'));
    assert.equal(again.ran, false);
    assert.equal(again.result.structuredContent.error?.code, 'confirmation_requested');
    assert.equal(again.result.structuredContent.error?.askedIn, 'round-2c');
  });

  it('a no in the next round refuses the call as declined', async () => {
    await call(context(agent, askingInRounds(), 'round-3'));
    const { result, ran } = await call(context(agent, askingInRounds({ askedIn: 'round-3', answer: 'decline' }), 'round-3b'));
    assert.equal(ran, false);
    assert.equal(result.structuredContent.error?.code, 'confirmation_declined');
  });

  it('a yes to another principal, another action, an unknown question or an old one asks anew', async () => {
    await call(context(other, askingInRounds(), 'round-other'));
    await call(context(agent, askingInRounds(), 'round-args'), 2);
    await call(context(agent, askingInRounds(), 'round-old'));
    const aged = (e: AuditEvent) => ({ ...e, time: new Date(Date.now() - ASK_VALID_MS - 5000).toISOString() });
    for (const [askedIn, adjust] of [
      ['round-other', undefined],
      ['round-args', undefined],
      ['round-nowhere', undefined],
      ['round-old', aged],
    ] as const) {
      const ctx = context(agent, askingInRounds({ askedIn, answer: 'accept' }, adjust), `${askedIn}-retry`);
      const { result, ran } = await call(ctx);
      assert.equal(ran, false, `a reply to ${askedIn} ran the call`);
      assert.equal(result.structuredContent.error?.code, 'confirmation_requested', askedIn);
      assert.equal((await runtime.store.events()).some((e) => e.callId === askedIn && e.type === 'call.confirmed'), false, askedIn);
    }
  });

  it('a question asked exactly ASK_VALID_MS ago can still be answered', async (t) => {
    await call(context(agent, askingInRounds(), 'round-late'));
    const now = Date.now();
    t.mock.timers.enable({ apis: ['Date'], now });
    const late = (e: AuditEvent) => ({ ...e, time: new Date(now - ASK_VALID_MS).toISOString() });
    const { ran } = await call(context(agent, askingInRounds({ askedIn: 'round-late', answer: 'accept' }, late), 'round-late-retry'));
    assert.equal(ran, true);
  });

  it('a call without a principal is refused before anyone is asked', async () => {
    const questions: string[] = [];
    const { result, ran } = await call(context(undefined, askingNow('accept', questions)));
    assert.equal(ran, false);
    assert.equal(result.structuredContent.error?.code, 'unauthenticated');
    assert.deepEqual(questions, []);
  });
});

describe('confirm: the stage alone', () => {
  const bare = { tool: { spec: { name: 'probe_read' } }, target: { name: '' }, args: {}, classification: { summary: 'read' }, decision: { reason: 'Asks first.', rules: [] } } as unknown as EvaluatedCall;

  it('names neither a caller nor a target it does not have', () => {
    const ctx = context(undefined, undefined);
    assert.equal(confirmationMessage(bare, ctx).split('\n')[0], 'an unidentified caller (via claude-code) asks to run probe_read:');
  });

  it('refuses a call without a principal before asking', async () => {
    const questions: string[] = [];
    const result = await confirmGate(runtime.record, bare, context(undefined, askingNow('accept', questions)), 'no-principal');
    assert.deepEqual(result, { ok: false, refusal: { code: 'unauthenticated', message: 'no identity: this call has no principal' } });
    assert.deepEqual(questions, []);
  });
});

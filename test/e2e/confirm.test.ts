// The confirm effect end to end: a rule marks writes `confirm`, and the server asks the person at the
// client through the SDK's real client (an elicitation form): on a 2025-era connection within the
// call, on the 2026-07-28 protocol by an input_required round. Yes runs the call, no refuses it with
// nothing run, a client that cannot ask is refused, an answer counts once and for its own call, and
// every answer is on record with the call.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/client';
import { stringify } from 'yaml';
import { CONTINUED } from '../../src/render/screen.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

/** A question as its lines, before gatehouse wrapped them narrower than a dialog; every row it wrapped fits 72 columns. */
function unwrapped(message: string): string {
  assert.ok(message.split('\n').every((row) => Array.from(row).length <= 72), message);
  return message.replaceAll(`\n${CONTINUED}`, '');
}

interface CallResult {
  isError?: boolean;
  structuredContent?: { error?: { code?: string; message?: string } };
}

describe('the confirm effect', () => {
  let db: TestDatabase;
  let asking: RunningGatehouse;
  let plain: RunningGatehouse;
  let modern: RunningGatehouse;
  let manual: RunningGatehouse;
  /** What the person at the client answers next, and the questions they were shown. */
  let answer: { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, boolean> } = { action: 'decline' };
  const questions: string[] = [];

  const update = (gh: RunningGatehouse, sql: string) => gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }) as Promise<CallResult>;
  const note = async (id: number) => (await db.query<{ note: string | null }>('SELECT note FROM orders WHERE id = $1', [id]))[0]?.note;

  before(async () => {
    db = await createTestDatabase();
    const policy = join(mkdtempSync(join(tmpdir(), 'gatehouse-confirm-')), 'confirm.yaml');
    writeFileSync(
      policy,
      stringify({
        default: 'deny',
        rules: [
          { id: 'reads', when: 'sql.readOnly', effect: 'allow' },
          { id: 'confirm-writes', when: '!sql.readOnly', effect: 'confirm', reason: 'Writes are confirmed by the person at the client.' },
        ],
      }),
    );
    const config = { identity: { stdio: { id: 'agent-1', name: 'Agent One\u202e', groups: ['dev'] } }, connections: { shop: { type: 'postgres', url: db.url } }, policies: [policy] };
    const client = new Client({ name: 'confirming-client', version: '1.0.0' }, { capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler('elicitation/create', (request) => {
      questions.push(unwrapped(request.params.message));
      return answer;
    });
    asking = await startGatehouse(config, 'stdio', { client });
    plain = await startGatehouse({ ...config, store: { sqlite: asking.storeFile } }, 'stdio');
    // The 2026-07-28 protocol over HTTP: the SDK's client answers input_required rounds itself (modern)
    // or hands them back (manual, to replay an answer).
    const http = { ...config, identity: { http: { id: 'agent-1', name: 'Agent One', groups: ['dev'] } } };
    const pinned = { versionNegotiation: { mode: { pin: '2026-07-28' } }, capabilities: { elicitation: { form: {} } } };
    const modernClient = new Client({ name: 'modern-client', version: '1.0.0' }, pinned);
    modernClient.setRequestHandler('elicitation/create', (request) => {
      questions.push(unwrapped(request.params.message));
      return answer;
    });
    modern = await startGatehouse(http, 'http', { client: modernClient });
    manual = await startGatehouse(http, 'http', { client: new Client({ name: 'manual-client', version: '1.0.0' }, { ...pinned, inputRequired: { autoFulfill: false } }) });
  });

  after(async () => {
    await Promise.all([asking?.stop(), plain?.stop(), modern?.stop(), manual?.stop()]);
    await db?.drop();
  });

  it('runs a call the person confirms, having shown them the call', async () => {
    answer = { action: 'accept', content: { run: true } };
    const ran = await update(asking, "UPDATE orders SET note = 'confirmed' WHERE id = 2");
    assert.equal(ran.isError, undefined, JSON.stringify(ran));
    assert.equal(await note(2), 'confirmed');
    const question = questions.at(-1) ?? '';
    assert.match(question, /Agent One\\u202e \(via confirming-client\/1\.0\.0\) asks to run postgres_query on shop/);
    assert.match(question, /│ \[update, writes\] UPDATE orders SET note = 'confirmed' WHERE id = 2/);
    assert.match(question, /this call only/);
  });

  it('refuses a call the person declines or dismisses, running nothing', async () => {
    for (const [i, given] of [{ action: 'decline' as const }, { action: 'cancel' as const }, { action: 'accept' as const, content: { run: false } }].entries()) {
      answer = given;
      const refused = await update(asking, `UPDATE orders SET note = 'declined ${i}' WHERE id = 3`);
      assert.equal(refused.structuredContent?.error?.code, 'confirmation_declined', JSON.stringify(refused));
    }
    assert.equal(await note(3), 'call +1 202 555 0143 before delivery');
  });

  it('shows agent text in the question escaped, never acting on the screen', async () => {
    answer = { action: 'decline' };
    await update(asking, "UPDATE orders SET note = 'a\u202eb\u001b[2J' WHERE id = 4");
    const question = questions.at(-1) ?? '';
    assert.ok(!question.includes('\u202e') && !question.includes('\u001b'), question);
    assert.match(question, /note = 'a.b.\[2J'/);
    assert.match(question, /bidi controls: they are shown escaped/);
  });

  it('refuses a confirm call from a client that cannot ask', async () => {
    const refused = await update(plain, "UPDATE orders SET note = 'unasked' WHERE id = 5");
    assert.equal(refused.structuredContent?.error?.code, 'confirmation_unavailable', JSON.stringify(refused));
    assert.match(refused.structuredContent?.error?.message ?? '', /cannot ask/);
    assert.equal(await note(5), null);
  });

  it('asks a 2026-07-28 client by an input_required round, and runs the call on its yes', async () => {
    answer = { action: 'accept', content: { run: true } };
    const asked = questions.length;
    const ran = await update(modern, "UPDATE orders SET note = 'modern yes' WHERE id = 6");
    assert.equal(ran.isError, undefined, JSON.stringify(ran));
    assert.equal(await note(6), 'modern yes');
    assert.equal(questions.length, asked + 1);
    assert.match(questions.at(-1) ?? '', /asks to run postgres_query on shop:\n│ \[update, writes\] UPDATE orders SET note = 'modern yes' WHERE id = 6/);

    answer = { action: 'decline' };
    const refused = await update(modern, "UPDATE orders SET note = 'modern no' WHERE id = 6");
    assert.equal(refused.structuredContent?.error?.code, 'confirmation_declined', JSON.stringify(refused));
    assert.equal(await note(6), 'modern yes');
  });

  it('counts a 2026-07-28 answer once, and only for the call that asked', async () => {
    const call = (sql: string, retry?: { requestState: string; run: boolean }) =>
      manual.client.callTool(
        { name: 'postgres_query', arguments: { connection: 'shop', sql }, ...(retry ? { requestState: retry.requestState, inputResponses: { gatehouse_confirm: { action: 'accept', content: { run: retry.run } } } } : {}) },
        { allowInputRequired: true },
      ) as Promise<CallResult & { resultType?: string; requestState?: string }>;
    const first = await call("UPDATE orders SET note = coalesce(note, '') || '+once' WHERE id = 1");
    assert.equal(first.resultType, 'input_required', JSON.stringify(first));
    const requestState = first.requestState as string;
    // The yes to that question does not run another statement: it is asked anew.
    const other = await call("UPDATE orders SET note = 'other' WHERE id = 1", { requestState, run: true });
    assert.equal(other.resultType, 'input_required');
    assert.equal(await note(1), 'gift wrap');
    const ran = await call("UPDATE orders SET note = coalesce(note, '') || '+once' WHERE id = 1", { requestState, run: true });
    assert.equal(ran.isError, undefined, JSON.stringify(ran));
    const replayed = await call("UPDATE orders SET note = coalesce(note, '') || '+once' WHERE id = 1", { requestState, run: true });
    assert.equal(replayed.resultType, 'input_required', 'a used answer asks anew');
    assert.equal(await note(1), 'gift wrap+once', 'ran exactly once');

    const store = openSqliteStore(manual.storeFile);
    try {
      const events = await store.events();
      const answered = events.filter((e) => e.type === 'call.confirmed' && e.callId === requestState);
      assert.equal(answered.length, 1);
      assert.equal(answered[0]?.data.accepted, true);
      const ranIn = String(answered[0]?.data.answeredIn);
      assert.ok(events.some((e) => e.callId === ranIn && e.type === 'call.result'), 'the answer names the call that ran');
      assert.ok(events.some((e) => e.callId === requestState && e.type === 'call.confirmation_asked'));
    } finally {
      await store.close();
    }
  });

  it('records each answer with the call it applies to', async () => {
    const store = openSqliteStore(asking.storeFile);
    try {
      const events = await store.events();
      const confirmed = events.filter((e) => e.type === 'call.confirmed');
      assert.deepEqual(
        confirmed.map((e) => [e.data.accepted, e.data.answer]),
        [
          [true, 'accept'],
          [false, 'decline'],
          [false, 'cancel'],
          [false, 'decline'],
          [false, 'decline'],
        ],
      );
      for (const e of confirmed) {
        assert.match(String(e.data.actionHash), /^[0-9a-f]{64}$/);
        assert.ok(events.some((d) => d.callId === e.callId && d.type === 'call.decided' && d.data.effect === 'confirm'));
      }
    } finally {
      await store.close();
    }
  });
});

// Held calls as MCP tasks, end to end through the SDK's client against real replicas on one
// PostgreSQL store: a task-aware client gets a task for a reviewed write, follows it on another
// replica, and gets the write's result once an approver approves it with the CLI through a third
// replica's people API, the write having run once;
// tasks/cancel withdraws the request (recorded); another principal can neither read nor cancel the
// task; a client without tasks gets today's answer, with progress while it waits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_REQUEST_TIMEOUT_MSEC, type Client } from '@modelcontextprotocol/client';
import { z } from 'zod';
import { ConfigSchema } from '../../src/config/schema.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import type { Store } from '../../src/store/store.ts';
import { startGatehouse, writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { people, servePeopleApi, type PeopleApi } from '../fixtures/people.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { createStoreDatabase, postgresReachable, type TestStoreDatabase } from '../store/places.ts';

const reachable = await postgresReachable();
const CONSOLE = 'https://gatehouse.example/console';

const TaskShape = z.object({ taskId: z.string(), status: z.string(), statusMessage: z.string().optional(), ttl: z.number().nullable(), createdAt: z.string(), lastUpdatedAt: z.string() }).loose();
const Created = z.object({ task: TaskShape, content: z.array(z.object({ text: z.string().optional() }).loose()).optional() }).loose();
const Payload = z.object({ isError: z.boolean().optional(), structuredContent: z.record(z.string(), z.unknown()).optional(), content: z.array(z.unknown()) }).loose();
const Listed = z.object({ tasks: z.array(TaskShape) }).loose();

const taskCall = (client: Client, sql: string) => client.request({ method: 'tools/call', params: { name: 'postgres_query', arguments: { connection: 'shop', sql }, task: { ttl: 600_000 } } }, Created);
const getTask = (client: Client, taskId: string) => client.request({ method: 'tasks/get', params: { taskId } }, TaskShape);
const cancelTask = (client: Client, taskId: string) => client.request({ method: 'tasks/cancel', params: { taskId } }, TaskShape);

/**
 * One request on the 2026-07-28 protocol, sent as the wire shows it: the SDK's client reads a
 * `resultType: "task"` answer as invalid, so the tasks extension is spoken here by hand.
 */
async function modern(url: string, method: string, params: Record<string, unknown>, extensions: Record<string, unknown> = { 'io.modelcontextprotocol/tasks': {} }) {
  const name = method === 'tools/call' ? params.name : params.taskId;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, ...(typeof name === 'string' ? { 'mcp-name': name } : {}) },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method,
      params: { ...params, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'raw-client', version: '1.0.0' }, 'io.modelcontextprotocol/clientCapabilities': { extensions } } },
    }),
  });
  const text = await response.text();
  const body = response.headers.get('content-type')?.includes('text/event-stream') ? (text.split('\n').filter((l) => l.startsWith('data: ')).at(-1) ?? '').slice(6) : text;
  return JSON.parse(body) as { result?: Record<string, unknown>; error?: { code: number; message: string } };
}

/** An acknowledgement's own fields (the server names itself in every result's _meta). */
function ack(answer: Awaited<ReturnType<typeof modern>>): Record<string, unknown> | undefined {
  if (!answer.result) return undefined;
  const { _meta, ...rest } = answer.result;
  return rest;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const found = await probe();
    if (found !== undefined) return found;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('held calls as tasks', { skip: !reachable && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  let storeDb: TestStoreDatabase;
  let target: TestDatabase;
  let a: RunningGatehouse;
  let b: RunningGatehouse;
  let other: RunningGatehouse;
  let api: PeopleApi;
  let store: Store;
  let env: Record<string, string>;
  const dana = people({ id: 'dana', groups: ['dba'] });
  const approvals = (...args: string[]) => dana.cli(api.origin, 'dana', ['approvals', ...args]);

  const note = async (id: number) => (await target.query<{ note: string | null }>('SELECT note FROM orders WHERE id = $1', [id]))[0]?.note;

  before(async () => {
    [storeDb, target] = await Promise.all([createStoreDatabase(), createTestDatabase()]);
    env = { GATEHOUSE_STORE_URL: storeDb.url };
    const config = (http: string) => ({
      identity: { http: { id: http, groups: ['dev'] }, stdio: { id: http, groups: ['dev'] } },
      store: { postgres: { url: 'env:GATEHOUSE_STORE_URL', poolSize: 4 } },
      connections: { shop: { type: 'postgres', url: target.url } },
      approvals: { wait: '6s', consoleUrl: CONSOLE },
    });
    [a, b] = await Promise.all([startGatehouse(config('agent-1'), 'http', { env }), startGatehouse(config('agent-1'), 'http', { env })]);
    other = await startGatehouse(config('agent-2'), 'stdio', { env });
    // The approvers' replica: the same store, their API keys.
    api = await servePeopleApi(writeConfig({ ...config('agent-1'), identity: { apiKeys: dana.apiKeys } }).configFile, env);
    store = await openPostgresStore({ url: storeDb.url });
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop(), other?.stop(), api?.stop(), store?.close()]);
    await Promise.all([storeDb?.drop(), target?.drop()]);
  });

  it('lists every tool as taking a task on 2025-11-25, and no such field on 2026-07-28', async () => {
    const { tools } = await a.client.listTools();
    assert.ok(tools.length > 1);
    for (const tool of tools) assert.deepEqual(tool.execution, { taskSupport: 'optional' }, tool.name);
    const listed = await modern(a.url as string, 'tools/list', {});
    const modernTools = listed.result?.tools as Array<Record<string, unknown>>;
    assert.ok(modernTools.length > 1, JSON.stringify(listed));
    assert.ok(modernTools.every((t) => !('execution' in t)));
  });

  it('answers a reviewed write with a task, and completes it with the result after an approval through the CLI, run once', async () => {
    const sql = "UPDATE orders SET note = coalesce(note, '') || '+task' WHERE id = 2";
    const created = await taskCall(a.client, sql);
    const { taskId } = created.task;
    assert.equal(created.task.status, 'working');
    assert.match(created.task.statusMessage ?? '', new RegExp(`approval id ${taskId}`));
    assert.match(created.task.statusMessage ?? '', new RegExp(`${CONSOLE}/approvals/${taskId}`));
    assert.equal(await note(2), null, 'held, not run');

    // Another replica knows the task: its state is the approval request in the shared store.
    const onB = await getTask(b.client, taskId);
    assert.equal(onB.status, 'working');
    assert.match(onB.statusMessage ?? '', /Held for approval by/);

    const approved = await approvals('approve', taskId, '--reason', 'ok');
    assert.equal(approved.code, 0, approved.stderr);

    // Both replicas are polled at once after the approval: the approval is claimed once.
    const done = await until('the completed task', async () => {
      const [onA, onBNow] = await Promise.all([getTask(a.client, taskId), getTask(b.client, taskId)]);
      return onA.status === 'completed' && onBNow.status === 'completed' ? onA : undefined;
    });
    assert.match(done.statusMessage ?? '', /Approved and run/);
    const result = await b.client.request({ method: 'tasks/result', params: { taskId } }, Payload);
    assert.equal(result.isError, undefined, JSON.stringify(result));
    assert.equal((result.structuredContent as { command?: string }).command, 'UPDATE', JSON.stringify(result.structuredContent));
    assert.deepEqual((result._meta as Record<string, unknown>)['io.modelcontextprotocol/related-task'], { taskId });
    assert.equal(await note(2), '+task', 'the write ran exactly once');

    const approval = await store.getApproval(taskId);
    assert.equal(approval?.state, 'executed');
    const events = await store.events();
    assert.equal(events.filter((e) => e.type === 'approval.executed' && e.data.approvalId === taskId).length, 1);
    assert.ok(events.some((e) => e.type === 'call.result' && e.callId === approval?.executedCallId));
  });

  it('pushes notifications/tasks/status to a client waiting on tasks/result as the held call moves on (2025-11-25)', async () => {
    const pushed: Array<z.infer<typeof TaskShape>> = [];
    a.client.setNotificationHandler('notifications/tasks/status', { params: TaskShape }, (params) => void pushed.push(params));
    const created = await taskCall(a.client, "UPDATE orders SET note = coalesce(note, '') || '+pushed' WHERE id = 1");
    const { taskId } = created.task;
    // Pushed on the stream of the waiting tasks/result: the state it found first, and every change after.
    const result = a.client.request({ method: 'tasks/result', params: { taskId } }, Payload, { timeout: 60_000 });
    const approved = await approvals('approve', taskId, '--reason', 'ok');
    assert.equal(approved.code, 0, approved.stderr);
    assert.equal((await result).isError, undefined);
    const mine = pushed.filter((p) => p.taskId === taskId);
    assert.ok(mine.length >= 1, JSON.stringify(pushed));
    assert.equal(mine.at(-1)?.status, 'completed');
    assert.match(mine.at(-1)?.statusMessage ?? '', /Approved and run/);
    for (const p of mine) assert.deepEqual((p._meta as Record<string, unknown> | undefined)?.['io.modelcontextprotocol/related-task'], { taskId });
    assert.equal(await note(1), 'gift wrap+pushed', 'run once');
  });

  it('withdraws the approval request on tasks/cancel, on record', async () => {
    const created = await taskCall(a.client, "UPDATE orders SET note = 'cancel me' WHERE id = 3");
    const { taskId } = created.task;
    const cancelled = await cancelTask(b.client, taskId);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal((await getTask(a.client, taskId)).status, 'cancelled');
    assert.equal((await store.getApproval(taskId))?.state, 'cancelled');
    const recorded = (await store.events()).find((e) => e.type === 'approval.cancelled' && e.data.approvalId === taskId);
    assert.equal(recorded?.principal, 'agent-1');
    const late = await approvals('approve', taskId);
    assert.equal(late.code, 1);
    assert.match(late.stderr, /not_pending/);
    await assert.rejects(cancelTask(a.client, taskId), /already ended or been decided/);
    const result = await a.client.request({ method: 'tasks/result', params: { taskId } }, Payload);
    assert.equal((result.structuredContent?.error as { code?: string }).code, 'approval_cancelled');
    assert.notEqual(await note(3), 'cancel me');
  });

  it('answers a task-taking call that is not held with a task that has already ended (2025-11-25)', async () => {
    const read = await taskCall(a.client, 'SELECT count(*) AS n FROM orders');
    assert.equal(read.task.status, 'completed');
    const onB = await getTask(b.client, read.task.taskId);
    assert.equal(onB.status, 'completed');
    const result = await b.client.request({ method: 'tasks/result', params: { taskId: read.task.taskId } }, Payload);
    assert.deepEqual(result.structuredContent?.rows, [['6']]);
    await assert.rejects(getTask(other.client, read.task.taskId), /no task .* that you can see/);
    await assert.rejects(cancelTask(a.client, read.task.taskId), /already ended/);

    const denied = await taskCall(a.client, 'DROP TABLE orders');
    assert.equal(denied.task.status, 'failed');
    const refusal = await a.client.request({ method: 'tasks/result', params: { taskId: denied.task.taskId } }, Payload);
    assert.equal((refusal.structuredContent?.error as { code?: string }).code, 'denied');
  });

  it("never shows or cancels one principal's task to another", async () => {
    const created = await taskCall(a.client, "UPDATE orders SET note = 'mine' WHERE id = 4");
    const { taskId } = created.task;
    await assert.rejects(getTask(other.client, taskId), /no task .* that you can see/);
    await assert.rejects(cancelTask(other.client, taskId), /no task .* that you can see/);
    await assert.rejects(other.client.request({ method: 'tasks/result', params: { taskId } }, Payload), /no task .* that you can see/);
    const listed = await other.client.request({ method: 'tasks/list', params: {} }, Listed);
    assert.ok(!listed.tasks.some((t) => t.taskId === taskId));
    assert.ok((await a.client.request({ method: 'tasks/list', params: {} }, Listed)).tasks.some((t) => t.taskId === taskId && t.status === 'working'));
    assert.equal((await getTask(a.client, taskId)).status, 'working', 'still pending');
  });

  it('gives a client without tasks the approval_pending answer, with progress while it waits', async () => {
    const progress: string[] = [];
    const held = (await a.client.callTool(
      { name: 'postgres_query', arguments: { connection: 'shop', sql: "UPDATE orders SET note = 'plain' WHERE id = 5" } },
      { timeout: 60_000, onprogress: (p) => progress.push(String(p.message)) },
    )) as { structuredContent?: { error?: { code?: string; approvalId?: string } } };
    assert.equal(held.structuredContent?.error?.code, 'approval_pending');
    assert.ok(progress.some((m) => m.includes(`held for approval ${held.structuredContent?.error?.approvalId ?? '?'}: waiting`)), JSON.stringify(progress));
    assert.equal(await note(5), null);
  });

  it('speaks the 2026-07-28 tasks extension: a task answer, tasks/get with the result inline, tasks/update, tasks/cancel', async () => {
    const sql = "UPDATE orders SET note = coalesce(note, '') || '+ext' WHERE id = 6";
    const created = await modern(a.url as string, 'tools/call', { name: 'postgres_query', arguments: { connection: 'shop', sql } });
    assert.equal(created.result?.resultType, 'task', JSON.stringify(created));
    const taskId = created.result?.taskId as string;
    assert.equal(created.result?.status, 'working');
    assert.equal(typeof created.result?.ttlMs, 'number');
    assert.equal(typeof created.result?.pollIntervalMs, 'number');
    assert.match(String(created.result?.statusMessage), new RegExp(`approval id ${taskId}`));

    const polled = await modern(b.url as string, 'tasks/get', { taskId });
    assert.equal(polled.result?.resultType, 'complete');
    assert.equal(polled.result?.status, 'working');
    // A client that did not declare the extension is told it is missing (-32021), its task or not.
    for (const method of ['tasks/get', 'tasks/update', 'tasks/cancel']) {
      const refused = await modern(b.url as string, method, { taskId }, {});
      assert.equal(refused.error?.code, -32021, `${method}: ${JSON.stringify(refused)}`);
    }
    assert.deepEqual(ack(await modern(b.url as string, 'tasks/update', { taskId, inputResponses: {} })), { resultType: 'complete' });
    assert.equal((await modern(b.url as string, 'tasks/get', { taskId: 'not-a-task' })).error?.code, -32602);

    assert.equal((await approvals('approve', taskId)).code, 0);
    const done = await until('the completed task', async () => {
      const r = (await modern(b.url as string, 'tasks/get', { taskId })).result;
      return r?.status === 'completed' ? r : undefined;
    });
    assert.equal((done.result as { isError?: boolean }).isError, undefined, JSON.stringify(done));
    assert.equal(await note(6), 'leave at the door+ext');

    // A client without the extension gets today's answer, not a task.
    const plain = await modern(a.url as string, 'tools/call', { name: 'postgres_query', arguments: { connection: 'shop', sql: "UPDATE orders SET note = 'no ext' WHERE id = 6" } }, {});
    assert.equal((plain.result?.structuredContent as { error?: { code?: string } }).error?.code, 'approval_pending');

    // Cancelling is acknowledged; a denied call completes the task with the refusal as its result.
    const second = await modern(a.url as string, 'tools/call', { name: 'postgres_query', arguments: { connection: 'shop', sql: "UPDATE orders SET note = 'ext cancel' WHERE id = 6" } });
    const secondId = second.result?.taskId as string;
    assert.deepEqual(ack(await modern(b.url as string, 'tasks/cancel', { taskId: secondId })), { resultType: 'complete' });
    assert.equal((await modern(a.url as string, 'tasks/get', { taskId: secondId })).result?.status, 'cancelled');
    const third = await modern(a.url as string, 'tools/call', { name: 'postgres_query', arguments: { connection: 'shop', sql: "UPDATE orders SET note = 'ext deny' WHERE id = 6" } });
    const thirdId = third.result?.taskId as string;
    assert.equal((await approvals('deny', thirdId, '--reason', 'not today')).code, 0);
    const denied = (await modern(b.url as string, 'tasks/get', { taskId: thirdId })).result;
    assert.equal(denied?.status, 'completed');
    assert.equal(((denied?.result as { structuredContent: { error: { code: string } } }).structuredContent.error.code), 'approval_denied');
    assert.equal(await note(6), 'leave at the door+ext');
  });

  it("answers a held call by default before the SDK client's own request timeout", () => {
    const { wait } = ConfigSchema.parse({ connections: {} }).approvals;
    assert.ok(wait < DEFAULT_REQUEST_TIMEOUT_MSEC, `approvals.wait ${wait} ms, client timeout ${DEFAULT_REQUEST_TIMEOUT_MSEC} ms`);
  });
});

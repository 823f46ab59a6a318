// Who called, per request, through a real gatehouse over HTTP and the SDK's client on the 2026
// protocol: clients of one principal are told apart by the names they send, a valid traceparent
// links the call to the agent's trace and an invalid one is ignored (and the refusal recorded),
// a client name with terminal escapes and bidi controls never reaches a record or the replay raw,
// and per-principal answers carry headers that keep shared caches from keeping them.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { hiddenKind } from '../../src/render/characters.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { runCli, startGatehouse, writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

const POLICY = `
default: deny
rules:
  - id: read
    match: { tools: [postgres_query] }
    when: sql.readOnly
    effect: allow
`;
const MODERN = { versionNegotiation: { mode: { pin: '2026-07-28' as const } } };
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const VALID_TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
const HOSTILE_NAME = 'evil\u001b[2J\u001b]0;owned\u0007\u202ename';
/** A character a terminal would act on or reorder, other than the line breaks of the output itself. */
const hasRaw = (text: string): boolean => [...text].some((c) => c !== '\n' && hiddenKind(c.codePointAt(0) as number) !== undefined);

describe('caller identity per request', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  const clients: Client[] = [];

  const connect = async (name: string): Promise<Client> => {
    const client = new Client({ name, version: '2.0.0' }, MODERN);
    await client.connect(new StreamableHTTPClientTransport(new URL(gh.url as string)));
    clients.push(client);
    return client;
  };
  const select = (client: Client, tag: string, traceparent?: string) =>
    client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: `SELECT 1 /* ${tag} */` }, ...(traceparent ? { _meta: { traceparent } } : {}) }) as Promise<{ isError?: boolean }>;

  before(async () => {
    db = await createTestDatabase();
    const { dir } = writeConfig({});
    writeFileSync(join(dir, 'policy.yaml'), POLICY);
    gh = await startGatehouse({ connections: { shop: { type: 'postgres', url: db.url } }, policies: [join(dir, 'policy.yaml')] }, 'http');
  });
  after(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await gh?.stop();
    await db?.drop();
  });

  it('records two clients of one principal as two sessions named by client, with trace ids', async () => {
    const a = await connect('agent-a');
    const b = await connect('agent-b');
    assert.notEqual((await select(a, 'a-1', VALID_TRACEPARENT)).isError, true);
    assert.notEqual((await select(b, 'b-1', 'not-a-traceparent')).isError, true);
    assert.notEqual((await select(a, 'a-2', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)).isError, true);

    const store = openSqliteStore(gh.storeFile);
    const events = await store.events();
    await store.close();
    const started = events.filter((e) => e.type === 'session.started');
    const sessionOf = (client: string) => started.filter((e) => e.data.client === client).map((e) => e.session);
    assert.equal(sessionOf('agent-a/2.0.0').length, 1);
    assert.equal(sessionOf('agent-b/2.0.0').length, 1);
    assert.notEqual(sessionOf('agent-a/2.0.0')[0], sessionOf('agent-b/2.0.0')[0]);
    assert.ok(started.every((e) => e.principal === 'local-http'));

    const requested = (tag: string) => events.find((e) => e.type === 'call.requested' && JSON.stringify(e.data.args).includes(tag));
    const callerOf = (tag: string) => requested(tag)?.data.caller as { traceId?: string; traceparent?: string; protocolVersion?: string; problems?: string[] };
    assert.deepEqual(callerOf('a-1'), { protocolVersion: '2026-07-28', traceId: TRACE_ID, traceparent: VALID_TRACEPARENT });
    assert.equal(requested('a-2')?.session, sessionOf('agent-a/2.0.0')[0]);
    for (const tag of ['b-1', 'a-2']) {
      assert.equal(callerOf(tag).traceId, undefined);
      assert.deepEqual(callerOf(tag).problems, ['traceparent is not a W3C version-00 traceparent; ignored']);
    }
    assert.ok(!JSON.stringify(events).includes('not-a-traceparent'), 'the refused value itself is not recorded');

    const replay = await runCli(['replay', sessionOf('agent-a/2.0.0')[0] as string, '--config', gh.configFile]);
    assert.equal(replay.code, 0, replay.stderr);
    assert.match(replay.stdout, /principal local-http over http \(client agent-a\/2\.0\.0\)/);
    assert.match(replay.stdout, new RegExp(`trace\\s+${TRACE_ID}`));
  });

  it('never lets a client name with terminal escapes or bidi controls reach a record or the replay raw', async () => {
    const hostile = await connect(HOSTILE_NAME);
    assert.notEqual((await select(hostile, 'hostile-1')).isError, true);
    const store = openSqliteStore(gh.storeFile);
    const events = await store.events();
    await store.close();
    const started = events.find((e) => e.type === 'session.started' && String(e.data.client).startsWith('evil'));
    assert.ok(started, 'the session is recorded');
    const client = String(started.data.client);
    assert.equal(client, 'evil\\u001b[2J\\u001b]0;owned\\u0007\\u202ename/2.0.0');
    assert.ok(!hasRaw(client));
    const requested = events.find((e) => e.type === 'call.requested' && e.session === started.session);
    assert.deepEqual((requested?.data.caller as { problems?: string[] }).problems, ['client name held hidden characters; recorded with them escaped']);

    for (const args of [['sessions', 'list'], ['replay', started.session]]) {
      const out = await runCli([...args, '--config', gh.configFile]);
      assert.equal(out.code, 0, out.stderr);
      assert.ok(!hasRaw(out.stdout), `${args[0]} prints no raw control or bidi character`);
      assert.ok(out.stdout.includes('evil\\'), `${args[0]} names the client, escaped`);
    }
    const replay = await runCli(['replay', started.session, '--config', gh.configFile]);
    assert.match(replay.stdout, /warning: the client named itself with hidden characters/);
  });

  it('marks tool lists and results private to the principal for every cache on the way', async () => {
    const response = await fetch(gh.url as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    await response.text();
    assert.equal(response.headers.get('cache-control'), 'private, no-store');
    assert.equal(response.headers.get('vary'), 'Authorization');
  });
});

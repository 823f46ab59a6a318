// Generated and hand-made bad HTTP bodies straight at the MCP endpoint of a real gatehouse (with a
// real PostgreSQL behind it): any JSON value, JSON-RPC messages with wrong types, huge ids, batches,
// malformed JSON, bytes that are not UTF-8, deep nesting, oversized and cut-off bodies. Every answer is
// an HTTP error or a JSON-RPC message, never a 5xx or a stack; a normal client session keeps working
// through the storm and after it; the log shows no crash and the audit chain verifies.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import fc from 'fast-check';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { auditedCalls, readVerifiedAudit } from './audit-calls.ts';
import { assertNoCrash, assertNoStack, fuzzRuns, type CallResult } from './clean-answers.ts';

const MAX_BODY = 256 * 1024;
const LEGACY = '2025-11-25';
const MODERN = '2026-07-28';
const BASE_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

interface Answer {
  status: number;
  type: string;
  text: string;
}

interface JsonRpcMessage {
  jsonrpc?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown };
}

// --- generated bodies -------------------------------------------------------------------------

const METHODS = ['tools/call', 'tools/list', 'initialize', 'ping', 'server/discover', 'notifications/initialized', 'notifications/cancelled', 'resources/list', 'logging/setLevel', 'completion/complete'];
/** Id tokens spliced in as raw JSON text, so numbers JSON.stringify cannot write (1e400, 400 digits) are sent too. */
const idText = fc.oneof(
  fc.constantFrom('1', '0', '-0', '1.5', '1e400', '-1e400', '9'.repeat(400), '9007199254740993', 'null', 'true', '{}', '[]', '{"a":1}', '""', JSON.stringify('x'.repeat(10_000))),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
);
const anyString = fc.string({ unit: 'binary', maxLength: 40 });
const toolName = fc.oneof(fc.constantFrom('postgres_query', 'postgres_schema', 'approval_status', 'ssh_exec', '', '__proto__'), anyString);
const toolArguments = fc.oneof(
  fc.record({ connection: fc.oneof(fc.constant('shop'), anyString), sql: fc.oneof(fc.constantFrom('SELECT 1', 'SELECT name FROM customers', 'DROP TABLE orders', "SELECT '\u0000'"), anyString) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 3 }),
);
const validEnvelope = { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientInfo': { name: 'fuzz', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };
const envelope = fc.oneof(
  fc.constant(validEnvelope),
  fc.dictionary(fc.constantFrom('io.modelcontextprotocol/protocolVersion', 'io.modelcontextprotocol/clientInfo', 'io.modelcontextprotocol/clientCapabilities', 'progressToken'), fc.jsonValue({ maxDepth: 2 })),
);
const params = fc.oneof(
  fc.record({ name: toolName, arguments: toolArguments, _meta: envelope }, { requiredKeys: ['name'] }),
  fc.jsonValue({ maxDepth: 3 }),
);
const jsonRpcText = fc
  .record({ jsonrpc: fc.oneof(fc.constant('2.0'), fc.jsonValue({ maxDepth: 1 })), method: fc.oneof(fc.constantFrom(...METHODS), anyString, fc.integer()), params }, { requiredKeys: [] })
  .chain((message) => fc.option(idText, { nil: undefined }).map((id) => (id === undefined ? JSON.stringify(message) : JSON.stringify(message).replace(/^\{/, () => `{"id":${id}${Object.keys(message).length ? ',' : ''}`))));
const oddHeaders = fc.record(
  {
    'mcp-protocol-version': fc.constantFrom(LEGACY, MODERN, '1999-01-01', 'garbage'),
    'mcp-method': fc.constantFrom(...METHODS),
    'mcp-name': fc.constantFrom('postgres_query', 'other'),
  },
  { requiredKeys: [] },
);
interface Post {
  body: string;
  headers: Record<string, string>;
}

/** Header values must be printable ASCII: other characters are sent as '_' (the server then sees a mismatch). */
const headerSafe = (text: string) => text.replace(/[^\x20-\x7e]/g, '_');

/** Well-framed tools/call requests (2025 or 2026 style) whose tool name and arguments are odd: these reach the pipeline. */
const framedCall: fc.Arbitrary<Post> = fc.record({ id: fc.nat(), name: toolName, args: toolArguments, modern: fc.boolean() }).map(({ id, name, args, modern }) => {
  const params = { name, arguments: args, ...(modern ? { _meta: validEnvelope } : {}) };
  const headers: Record<string, string> = modern ? { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': headerSafe(name) } : { 'mcp-protocol-version': LEGACY };
  return { body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params }), headers };
});
/** Anything JSON, and JSON-RPC-like messages with wrong jsonrpc, id, method and params, with odd headers. */
const looseMessage: fc.Arbitrary<Post> = fc.record({ body: fc.oneof(jsonRpcText, fc.jsonValue().map((v) => JSON.stringify(v))), headers: oddHeaders });

// --- talking HTTP -----------------------------------------------------------------------------

/** Only a hang ends a request early; no answer is expected to be fast. */
const HANG_LIMIT_MS = 30_000;

async function post(url: string, body: string | Uint8Array<ArrayBuffer>, extra: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { ...BASE_HEADERS, ...extra }, body, signal: AbortSignal.timeout(HANG_LIMIT_MS) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** The JSON-RPC messages of an answer: a JSON body, or the data lines of an event stream. */
function messagesOf(answer: Answer): JsonRpcMessage[] {
  if (answer.type.startsWith('text/event-stream')) {
    return answer.text
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => JSON.parse(line.slice(5)) as JsonRpcMessage);
  }
  if (answer.text === '') return [];
  const parsed = JSON.parse(answer.text) as JsonRpcMessage | JsonRpcMessage[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** An HTTP error with a JSON-RPC error, or JSON-RPC results and errors; never a 5xx or a stack. */
function assertAnswered(answer: Answer, what: string): void {
  const where = `${what} -> ${answer.status} ${answer.text.slice(0, 300)}`;
  assert.ok(answer.status >= 200 && answer.status < 500, `server error: ${where}`);
  assertNoStack(answer.text, where);
  const messages = messagesOf(answer);
  if (answer.status >= 400) assert.ok(messages.length === 1 && messages[0]?.error, `an HTTP error without a JSON-RPC error: ${where}`);
  for (const m of messages) {
    assert.equal(m.jsonrpc, '2.0', where);
    if (m.error) assert.ok(typeof m.error.code === 'number' && typeof m.error.message === 'string', `malformed JSON-RPC error: ${where}`);
    else assert.ok(m.result !== undefined, `neither result nor error: ${where}`);
  }
}

const show = (body: string | Uint8Array) => (typeof body === 'string' ? JSON.stringify(body.slice(0, 200)) : `bytes ${Buffer.from(body.subarray(0, 60)).toString('hex')}`);

/** A body with some bytes replaced by ones that can never be UTF-8 (0xff, a lone continuation, an overlong lead). */
const notUtf8 = fc
  .tuple(jsonRpcText, fc.array(fc.tuple(fc.nat(), fc.constantFrom(0xff, 0xfe, 0x80, 0xc0, 0xed, 0xf8)), { minLength: 1, maxLength: 6 }))
  .map(([text, edits]) => {
    const bytes = Buffer.from(text, 'utf8');
    for (const [at, byte] of edits) bytes[at % bytes.length] = byte;
    return new Uint8Array(bytes);
  });

describe('bad JSON-RPC bodies over HTTP', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let url: string;

  before(async () => {
    db = await createTestDatabase();
    gh = await startGatehouse(
      {
        identity: { http: { id: 'fuzzer', groups: ['dev'] } },
        server: { http: { maxBodyBytes: MAX_BODY } },
        connections: { shop: { type: 'postgres', url: db.url } },
        limits: { timeout: '3s', maxRows: 20 },
        approvals: { wait: '10ms' },
      },
      'http',
    );
    url = gh.url as string;
  });
  after(async () => {
    await gh?.stop();
    await db?.drop();
  });

  /** Runs `storm` while a normal client session keeps querying; every one of its calls must succeed. */
  async function whileServingOthers(storm: () => Promise<void>): Promise<void> {
    let done = false;
    let served = 0;
    const others = async () => {
      while (!done || served < 3) {
        const result = (await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT count(*)::int AS n FROM customers' } })) as CallResult;
        assert.deepEqual(result.structuredContent?.rows, [[5]], JSON.stringify(result));
        served++;
      }
    };
    const settled = await Promise.allSettled([storm().finally(() => (done = true)), others()]);
    for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  }

  it('answers any JSON value, and JSON-RPC messages with wrong jsonrpc, id, method and params', async () => {
    await whileServingOthers(() =>
      fc.assert(
        fc.asyncProperty(fc.oneof(framedCall, looseMessage), async ({ body, headers }) => {
          assertAnswered(await post(url, body, headers), show(body));
        }),
        fuzzRuns(250),
      ),
    );
  });

  it('answers batches of such messages', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(jsonRpcText, { maxLength: 6 }), async (batch) => {
        const body = `[${batch.join(',')}]`;
        assertAnswered(await post(url, body), show(body));
      }),
      fuzzRuns(60),
    );
  });

  it('answers malformed JSON and bodies that are not UTF-8', async () => {
    const cutShort = jsonRpcText.chain((text) => fc.nat({ max: Math.max(0, text.length - 1) }).map((at) => text.slice(0, at)));
    await fc.assert(
      fc.asyncProperty(fc.oneof(cutShort, fc.string({ unit: 'binary', maxLength: 80 }), notUtf8, fc.uint8Array({ maxLength: 80 })), async (body) => {
        assertAnswered(await post(url, body), show(body));
      }),
      fuzzRuns(150),
    );
  });

  it('answers deeply nested params and arguments, and records the nested call', async () => {
    const depth = 40_000;
    const deepArray = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const deepObject = `${'{"a":'.repeat(depth / 2)}1${'}'.repeat(depth / 2)}`;
    const bodies = [
      `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":${deepObject}}`,
      `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"postgres_query","arguments":{"connection":"shop","sql":"SELECT 'deep-args'","params":${deepArray}}}}`,
      `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"postgres_query","arguments":{"connection":"shop","sql":"SELECT 1","deep":${deepObject}}}}`,
      `{"jsonrpc":"2.0","id":${deepArray},"method":"ping"}`,
      deepArray,
    ];
    for (const body of bodies) {
      const answer = await post(url, body);
      assertAnswered(answer, show(body));
    }
    const refused = messagesOf(await post(url, bodies[1] as string))[0]?.result as CallResult | undefined;
    assert.equal((refused?.structuredContent?.error as { code?: string } | undefined)?.code, 'invalid_arguments', JSON.stringify(refused));
  });

  it('refuses a body over server.http.maxBodyBytes with 413, sized or streamed', async () => {
    const big = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"postgres_query","arguments":{"connection":"shop","sql":"SELECT '${'x'.repeat(MAX_BODY)}'"}}}`;
    const sized = await post(url, big);
    assertAnswered(sized, 'oversized body');
    assert.equal(sized.status, 413);
    assert.match(messagesOf(sized)[0]?.error?.message as string, /too large|exceed/i);

    const streamed = await fetch(url, {
      method: 'POST',
      headers: BASE_HEADERS,
      body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(big)), c.close()) }),
      duplex: 'half',
      signal: AbortSignal.timeout(HANG_LIMIT_MS),
    } as RequestInit);
    assert.equal(streamed.status, 413);
  });

  it('answers requests with the wrong method, media type or Accept header', async () => {
    const list = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}';
    assert.equal((await post(url, list, { 'content-type': 'text/plain' })).status, 415);
    assert.equal((await post(url, list, { accept: 'text/html' })).status, 406);
    for (const [name, answer] of [
      ['form body', await post(url, 'a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' })],
      ['protocol header garbage', await post(url, list, { 'mcp-protocol-version': '\u00ff'.repeat(3) })],
      ['modern header, legacy body', await post(url, list, { 'mcp-protocol-version': MODERN })],
    ] as const) {
      assertAnswered(answer, name);
    }
    for (const method of ['GET', 'DELETE', 'PUT', 'PATCH']) {
      const res = await fetch(url, { method, headers: BASE_HEADERS, signal: AbortSignal.timeout(HANG_LIMIT_MS) });
      assert.ok(res.status >= 400 && res.status < 500, `${method} -> ${res.status}`);
      assertNoStack(await res.text(), method);
    }
  });

  it('survives a client that sends half a body and hangs up', async () => {
    const { port } = new URL(url);
    for (const request of [
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: 1000\r\n\r\n{"jsonrpc":"2.0","id":1,"meth`,
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{"jsonrpc"\r\n`,
    ]) {
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
        socket.on('error', reject);
        socket.on('close', () => resolve());
        socket.resume();
      });
    }
    const health = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(HANG_LIMIT_MS) });
    assert.equal(health.status, 200);
  });

  it('still serves a new client session, logged no crash, and the audit chain verifies', async () => {
    const client = new Client({ name: 'after-the-storm', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const result = (await client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT count(*)::int AS n FROM customers' } })) as CallResult;
    await client.close();
    assert.deepEqual(result.structuredContent?.rows, [[5]], JSON.stringify(result));
    assertNoCrash(gh.logs());
    const byCall = auditedCalls(await readVerifiedAudit(gh.storeFile));
    assert.ok(byCall.size > 0);
  });
});

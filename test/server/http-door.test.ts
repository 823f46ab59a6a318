// The HTTP door, in this process (serveOverHttp on a real runtime and a real socket): which addresses
// it agrees to listen on, the Host and Origin checks against DNS rebinding, the resource metadata
// that browsers fetch cross-origin, the body limit, authentication on /mcp only when an agent or
// service identity exists, and the health endpoint. test/e2e/http-edge.test.ts does the same at a
// spawned server with OIDC; this file is where the mutants of src/server/http.ts meet their tests.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildConfig } from '../../src/config/load.ts';
import { generateApiKey, hashApiKey } from '../../src/identity/index.ts';
import { isLoopback, parseListen, serveOverHttp, type HttpHandle } from '../../src/server/http.ts';
import { startRuntime, type Runtime } from '../../src/server/runtime.ts';
import { SERVER_VERSION } from '../../src/server/mcp.ts';
import { packs } from '../../tools/index.ts';

const TOOLS_LIST = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}';
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' };

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, since fetch will not send a Host header of the caller's choosing. */
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function runtimeWith(config: Record<string, unknown>): Promise<Runtime> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-http-door-'));
  const loaded = buildConfig({ store: { sqlite: join(dir, 'audit.db') }, log: { level: 'error' }, ...config }, dir, packs);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return startRuntime(loaded.config, packs, { logSink: { write: () => undefined } });
}

describe('listen addresses', () => {
  it('knows loopback hosts, and nothing that merely contains one', () => {
    for (const host of ['localhost', '::1', '[::1]', '127.0.0.1', '127.255.0.9']) assert.equal(isLoopback(host), true, host);
    for (const host of ['0.0.0.0', '::', '[::2]', '128.0.0.1', '127.0.0.1.attacker.example', 'evil127.0.0.1', '127.0.0', 'localhost.attacker.example', 'LOCALHOST.example']) {
      assert.equal(isLoopback(host), false, host);
    }
  });

  it('reads HOST:PORT, brackets around IPv6 taken off, and says what it expected otherwise', () => {
    assert.deepEqual(parseListen('127.0.0.1:7070'), { host: '127.0.0.1', port: 7070 });
    assert.deepEqual(parseListen(' localhost:1 '), { host: 'localhost', port: 1 });
    assert.deepEqual(parseListen('[::1]:8080'), { host: '::1', port: 8080 });
    for (const bad of ['7070', ':7070', '127.0.0.1:', '127.0.0.1:http', 'a:b:1', '[::1]']) {
      assert.throws(() => parseListen(bad), { message: `invalid listen address "${bad}" (expected HOST:PORT, e.g. 127.0.0.1:7070)` }, bad);
    }
  });

  it('refuses a non-loopback address without an agent or service identity, even with people keys', async () => {
    const message = 'refusing to listen on 0.0.0.0: without identity.oidc or an identity.apiKeys entry of kind agent or service, /mcp would take anyone, so gatehouse serves loopback addresses only';
    for (const identity of [{}, { apiKeys: [{ id: 'dana', groups: ['approvers'], kind: 'human', sha256: hashApiKey(generateApiKey()) }] }]) {
      const runtime = await runtimeWith({ identity });
      try {
        await assert.rejects(serveOverHttp(runtime, '0.0.0.0:0'), { message });
      } finally {
        await runtime.close();
      }
    }
  });
});

describe('allowed hosts and origins in the config', () => {
  const http = (server: Record<string, unknown>) => buildConfig({ server: { http: server } }, tmpdir(), packs);

  it('keeps the hostname of each entry, written as a hostname, HOST:PORT or an origin', () => {
    const loaded = http({ allowedHosts: ['Gate.Example', 'gate.example:8443'], allowedOrigins: ['https://Console.Example:8443', 'console2.example', 'http://[::1]:9'] });
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.problems.join('\n'));
    assert.deepEqual(loaded.config.parsed.server.http.allowedHosts, ['gate.example', 'gate.example']);
    assert.deepEqual(loaded.config.parsed.server.http.allowedOrigins, ['console.example', 'console2.example', '[::1]']);
  });

  it('refuses an entry that names no host, saying what it takes', () => {
    for (const bad of ['', 'https://', 'gate example', 'https://exa mple.com']) {
      const loaded = http({ allowedOrigins: [bad] });
      assert.equal(loaded.ok, false, bad);
      assert.match(loaded.ok ? '' : loaded.problems.join('\n'), new RegExp(`server\\.http\\.allowedOrigins\\.0: "${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" is not a hostname, HOST:PORT or origin`), bad);
    }
  });
});

describe('the door of a loopback server with no identity', () => {
  let runtime: Runtime;
  let http: HttpHandle;
  let hostPort: string;

  before(async () => {
    runtime = await runtimeWith({ server: { http: { allowedHosts: ['gate.example'], allowedOrigins: ['https://console.example'], maxBodyBytes: 2048 } } });
    http = await serveOverHttp(runtime, '127.0.0.1:0');
    hostPort = new URL(http.url).host;
  });
  after(async () => {
    await http?.close();
    await runtime?.close();
  });

  it('names its endpoint and port, and answers health with its version, without naming its framework', async () => {
    assert.equal(http.url, `http://127.0.0.1:${http.port}/mcp`);
    const health = await send(`http://${hostPort}/healthz`, 'GET', {});
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body), { status: 'ok', version: SERVER_VERSION });
    assert.equal(health.headers['x-powered-by'], undefined);
  });

  it('serves /mcp as the configured local principal, no token asked', async () => {
    const answer = await send(http.url, 'POST', { ...MCP_HEADERS, host: hostPort }, TOOLS_LIST);
    assert.equal(answer.status, 200, answer.body);
    assert.match(answer.body, /"tools":\[/);
  });

  it('refuses a Host that is not its own or allowed, and takes one that is', async () => {
    for (const host of ['attacker.example', `attacker.example:${http.port}`, 'localhost.attacker.example', 'gate.example.attacker.example']) {
      const answer = await send(http.url, 'POST', { ...MCP_HEADERS, host }, TOOLS_LIST);
      assert.equal(answer.status, 403, host);
      assert.doesNotMatch(answer.body, /"tools"/, host);
    }
    for (const host of [hostPort, `localhost:${http.port}`, 'gate.example']) assert.equal((await send(`http://${hostPort}/healthz`, 'GET', { host })).status, 200, host);
  });

  it('refuses a cross-site Origin, and takes its own and the allowed one', async () => {
    // An allowed Host is no allowed Origin: a page served there is another site.
    for (const origin of ['http://attacker.example', `http://attacker.example:${http.port}`, 'null', 'https://console.example.attacker.example', 'http://gate.example', 'https://gate.example']) {
      const answer = await send(http.url, 'POST', { ...MCP_HEADERS, host: hostPort, origin }, TOOLS_LIST);
      assert.equal(answer.status, 403, origin);
      assert.doesNotMatch(answer.body, /"tools"/, origin);
    }
    for (const origin of [`http://${hostPort}`, 'https://console.example']) assert.equal((await send(http.url, 'POST', { ...MCP_HEADERS, host: hostPort, origin }, TOOLS_LIST)).status, 200, origin);
  });

  it('refuses a body past the limit before reading it as a call', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'x'.repeat(4096) } });
    const answer = await send(http.url, 'POST', { ...MCP_HEADERS, host: hostPort }, big);
    assert.equal(answer.status, 413);
  });

  it('keeps MCP answers out of shared caches', async () => {
    const answer = await send(http.url, 'POST', { ...MCP_HEADERS, host: hostPort }, TOOLS_LIST);
    assert.match(String(answer.headers['cache-control']), /no-store/);
  });
});

describe('the door of a server with an agent key', () => {
  const agentKey = generateApiKey();
  const personKey = generateApiKey();
  let runtime: Runtime;
  let http: HttpHandle;

  before(async () => {
    runtime = await runtimeWith({
      identity: {
        apiKeys: [
          { id: 'ci-bot', groups: ['dev'], sha256: hashApiKey(agentKey) },
          { id: 'dana', groups: ['approvers'], kind: 'human', sha256: hashApiKey(personKey) },
        ],
      },
    });
    http = await serveOverHttp(runtime, '127.0.0.1:0');
  });
  after(async () => {
    await http?.close();
    await runtime?.close();
  });

  it('asks for a bearer token on /mcp, and serves the agent that brings its key', async () => {
    const host = new URL(http.url).host;
    const bare = await send(http.url, 'POST', { ...MCP_HEADERS, host }, TOOLS_LIST);
    assert.equal(bare.status, 401);
    assert.match(String(bare.headers['www-authenticate']), /^Bearer/);
    const wrong = await send(http.url, 'POST', { ...MCP_HEADERS, host, authorization: `Bearer ${generateApiKey()}` }, TOOLS_LIST);
    assert.equal(wrong.status, 401);
    const agent = await send(http.url, 'POST', { ...MCP_HEADERS, host, authorization: `Bearer ${agentKey}` }, TOOLS_LIST);
    assert.equal(agent.status, 200, agent.body);
    assert.match(agent.body, /"tools":\[/);
  });

  it('stops answering once closed', async () => {
    const closing = await runtimeWith({});
    const door = await serveOverHttp(closing, '127.0.0.1:0');
    assert.equal((await send(`http://127.0.0.1:${door.port}/healthz`, 'GET', {})).status, 200);
    await door.close();
    await closing.close();
    await assert.rejects(send(`http://127.0.0.1:${door.port}/healthz`, 'GET', {}), { code: 'ECONNREFUSED' });
  });
});

// Approvers and auditors through the server, as themselves: the CLI signs a person in with the
// organisation's provider (device authorization grant, or code + PKCE on a loopback redirect), holds
// no config, no backend secret and no store, and lists, approves and denies through /api/v1. One
// person signed in through the console and through the CLI is one approver toward a quorum. Tokens
// an agent holds for /mcp, agents' API keys and cookies decide nothing on the API.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { generateApiKey, hashApiKey } from '../../src/identity/api-keys.ts';
import { gatehouseCli, ROOT, runCli } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { BrowserSession, csrfOf } from './browser-session.ts';
import { agentSql, approvalIdOf, startConsoleServer, type ConsoleServer } from './harness.ts';
import { startAuthorizationServer, type AuthorizationServer } from './oidc-authorization-server.ts';

const SECRET_ENV = 'GATEHOUSE_TEST_PEOPLE_CONSOLE_SECRET';
const MCP_AUDIENCE = 'http://127.0.0.1:7070/mcp';
const DANA = { sub: 'u-dana', name: 'Dana Approver', groups: ['dba'] };
const ERIN = { sub: 'u-erin', name: 'Erin Approver', groups: ['dba'] };
const AGENT_KEY = generateApiKey();
const AUDITOR_KEY = generateApiKey();

/** A person's machine: its own config dir (the token cache), no gatehouse config, no store, no backend secret. */
function personEnv(): Record<string, string> {
  return { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'gatehouse-person-')), GATEHOUSE_CONFIG: '/nonexistent/gatehouse.yaml', GATEHOUSE_SERVER: '', GATEHOUSE_API_KEY: '' };
}

/** `gatehouse login`, finishing the sign-in at the provider as the person the provider's knobs name once the CLI prints where to go. */
function login(server: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...gatehouseCli(), 'login', '--server', server], { env: { ...process.env, ...env }, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    let opened = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const url = /To sign in, open (\S+)/.exec(stderr)?.[1];
      if (!url || opened) return;
      opened = true;
      // The browser: the device page approves at once; the authorize endpoint redirects to the CLI's loopback listener.
      void fetch(url, { redirect: 'follow' }).then((r) => r.text());
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function agentClient(origin: string): Promise<Client> {
  const client = new Client({ name: 'people-test-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${origin}/mcp`), { authProvider: { token: async () => AGENT_KEY } }));
  return client;
}

describe('approvers and auditors through the server', () => {
  let idp: AuthorizationServer;
  let db: TestDatabase;
  let server: ConsoleServer;
  let agent: Client;
  const cli = (args: string[], env: Record<string, string>) => runCli([...args, '--server', server.origin], env);

  before(async () => {
    idp = await startAuthorizationServer();
    db = await createTestDatabase();
    process.env[SECRET_ENV] = idp.clientSecret;
    const policyDir = mkdtempSync(join(tmpdir(), 'gatehouse-quorum-'));
    writeFileSync(join(policyDir, 'quorum.yaml'), 'rules:\n  - id: two-approvers-for-vault\n    match: { labels: { quorum: two } }\n    effect: review\n    approvers: [dba]\n    approvals: 2\n');
    server = await startConsoleServer({
      identity: {
        oidc: { issuer: idp.issuer, audience: MCP_AUDIENCE, algorithms: ['ES256'] },
        apiKeys: [
          { id: 'agent-1', groups: ['dev', 'dba'], sha256: hashApiKey(AGENT_KEY), kind: 'agent' },
          { id: 'u-audrey', name: 'Audrey Auditor', groups: ['auditors'], sha256: hashApiKey(AUDITOR_KEY), kind: 'human' },
        ],
      },
      console: { oidc: { clientId: idp.clientId, clientSecret: `env:${SECRET_ENV}` }, cli: { clientId: idp.cliClientId } },
      connections: { shop: { type: 'postgres', url: db.url }, vault: { type: 'postgres', url: db.url, labels: { quorum: 'two' } } },
      policies: [join(ROOT, 'policies/default.yaml'), join(ROOT, 'policies/postgres.yaml'), join(policyDir, 'quorum.yaml')],
      approvals: { wait: '100ms', ttl: '15m' },
    });
    agent = await agentClient(server.origin);
  });
  after(async () => {
    await agent?.close();
    await server?.stop();
    await db?.drop();
    await idp?.stop();
    delete process.env[SECRET_ENV];
  });

  it('an approver with only an OIDC token lists, approves and denies through the server', async () => {
    idp.knobs.user = DANA;
    const dana = personEnv();
    const signedIn = await login(server.origin, dana);
    assert.equal(signedIn.code, 0, signedIn.stderr);
    assert.match(signedIn.stderr, /device\?user_code=/, 'the issuer advertises the device grant, so the CLI uses it');
    assert.match(signedIn.stdout, /as u-dana \(Dana Approver\): approver, auditor/);
    const cache = join(dana.XDG_CONFIG_HOME as string, 'gatehouse', 'tokens.json');
    assert.equal(statSync(cache).mode & 0o777, 0o600);

    const approve = approvalIdOf(await agentSql(agent, "UPDATE orders SET note = 'by cli' WHERE id = 1"));
    const deny = approvalIdOf(await agentSql(agent, "UPDATE orders SET note = 'denied' WHERE id = 2"));
    const list = await cli(['approvals', 'list'], dana);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`${approve}  pending   agent-1 +postgres_query shop`));
    assert.match(list.stdout, new RegExp(deny));

    const approved = await cli(['approvals', 'approve', approve, '--reason', 'ticket 7'], dana);
    assert.equal(approved.code, 0, approved.stderr);
    assert.equal(approved.stdout.trim(), `${approve}: approved`);
    const denied = await cli(['approvals', 'deny', deny, '--reason', 'not on a Friday'], dana);
    assert.equal(denied.stdout.trim(), `${deny}: denied`);
    const shown = await cli(['approvals', 'show', deny], dana);
    assert.match(shown.stdout, /decision: {3}deny by u-dana at \S+: not on a Friday/);
    // Widening goes through the server to the approval service, which refuses it for a call with no files.
    const sqlWiden = approvalIdOf(await agentSql(agent, "UPDATE orders SET note = 'widen' WHERE id = 3"));
    const widened = await cli(['approvals', 'approve', sqlWiden, '--grant', '10', '--widen-files'], dana);
    assert.equal(widened.code, 1);
    assert.match(widened.stderr, /nothing_to_widen: this call has no file operand a grant could widen/);

    const ran = await agentSql(agent, "UPDATE orders SET note = 'by cli' WHERE id = 1");
    assert.ok(!ran.isError, JSON.stringify(ran));
    assert.equal((await db.query<{ note: string }>('SELECT note FROM orders WHERE id = 1'))[0]?.note, 'by cli');
    const sessions = await cli(['sessions', 'list', '--format', 'json'], dana);
    const session = (JSON.parse(sessions.stdout) as Array<{ id: string; principal: string }>).find((s) => s.principal === 'agent-1');
    assert.ok(session, sessions.stderr);
    const replayed = await cli(['replay', session.id], dana);
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.match(replayed.stdout, /UPDATE orders SET note = 'by cli' WHERE id = 1/);
    assert.match(replayed.stdout, /approved by u-dana/);
    const verified = await cli(['audit', 'verify'], dana);
    assert.match(verified.stdout, /^audit chain ok: (\d+) events/);
    const exported = await cli(['audit', 'export'], dana);
    const lines = exported.stdout.trim().split('\n');
    assert.equal(lines.length, Number(/ok: (\d+) events/.exec(verified.stdout)?.[1]), 'every event, paged through the API');
    assert.ok(lines.some((l) => (JSON.parse(l) as { type: string; principal?: string }).type === 'approval.decided' && l.includes('"u-dana"')));
  });

  it('a two-approver rule is not met by one person signing in through the console and through the CLI', async () => {
    const id = approvalIdOf(await (agent.callTool({ name: 'postgres_query', arguments: { connection: 'vault', sql: "UPDATE orders SET note = 'vault' WHERE id = 3" } }) as ReturnType<typeof agentSql>));
    idp.knobs.user = DANA;
    const browser = new BrowserSession(server.origin);
    const start = await browser.get('/console/oidc/start');
    const atProvider = await fetch(start.location as string, { redirect: 'manual' });
    assert.equal((await browser.get(atProvider.headers.get('location') as string)).status, 200);
    const csrf = csrfOf((await browser.get('/console')).body);
    await browser.post(`/console/approvals/${id}/decide`, { decision: 'approve', reason: 'console', csrf });

    const dana = personEnv();
    assert.equal((await login(server.origin, dana)).code, 0);
    const again = await cli(['approvals', 'approve', id, '--reason', 'cli'], dana);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already_decided: u-dana has already decided this request/);
    assert.equal((await cli(['approvals', 'show', id], dana)).stdout.match(/^decision:/gm)?.length, 1);

    idp.knobs.user = ERIN;
    const erin = personEnv();
    assert.equal((await login(server.origin, erin)).code, 0);
    const second = await cli(['approvals', 'approve', id, '--reason', 'second person'], erin);
    assert.equal(second.stdout.trim(), `${id}: approved`, second.stderr);
  });

  it('signs in with code + PKCE on a loopback redirect when the issuer has no device grant', async () => {
    idp.knobs.user = ERIN;
    idp.knobs.device = false;
    try {
      const erin = personEnv();
      const signedIn = await login(server.origin, erin);
      assert.equal(signedIn.code, 0, signedIn.stderr);
      assert.match(signedIn.stderr, /authorize\?response_type=code&client_id=gatehouse-cli&redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcallback/);
      assert.match(signedIn.stdout, /as u-erin/);
    } finally {
      delete idp.knobs.device;
    }
  });

  it('refuses tokens issued for /mcp, agents’ API keys, cookies, and decisions by auditors', async () => {
    // A token for the MCP endpoint, as an agent gets one: the provider issues it, the API refuses it.
    idp.knobs.user = DANA;
    const started = (await (await fetch(`${idp.issuer}/device_authorization`, { method: 'POST', body: new URLSearchParams({ client_id: idp.cliClientId, resource: MCP_AUDIENCE }) })).json()) as { device_code: string; verification_uri_complete: string };
    await fetch(started.verification_uri_complete);
    const token = ((await (await fetch(`${idp.issuer}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: started.device_code, client_id: idp.cliClientId }) })).json()) as { access_token: string }).access_token;
    const api = (path: string, headers: Record<string, string>) => fetch(`${server.origin}/api/v1${path}`, { headers });
    const mcpToken = await api('/approvals', { authorization: `Bearer ${token}` });
    assert.equal(mcpToken.status, 401);
    assert.deepEqual(((await mcpToken.json()) as { error: { code: string } }).error.code, 'invalid_token');

    const agentKey = await api('/approvals', { authorization: `Bearer ${AGENT_KEY}` });
    assert.equal(agentKey.status, 401, 'an API key of kind agent is not a person');
    const cookie = await api('/approvals', { authorization: `Bearer ${AUDITOR_KEY}`, cookie: 'gatehouse_console=x' });
    assert.equal(cookie.status, 400);
    assert.equal(((await cookie.json()) as { error: { code: string } }).error.code, 'cookie_refused');

    const id = approvalIdOf(await agentSql(agent, "UPDATE orders SET note = 'auditor' WHERE id = 4"));
    // The auditor's whole setup: a client config naming the server and a key file, nothing else.
    const audrey = personEnv();
    mkdirSync(join(audrey.XDG_CONFIG_HOME as string, 'gatehouse'));
    writeFileSync(join(audrey.XDG_CONFIG_HOME as string, 'gatehouse', 'key'), `${AUDITOR_KEY}\n`, { mode: 0o600 });
    writeFileSync(join(audrey.XDG_CONFIG_HOME as string, 'gatehouse', 'client.yaml'), `server: ${server.origin}\napiKeyFile: key\n`);
    const sessions = await runCli(['sessions', 'list'], audrey);
    assert.equal(sessions.code, 0, sessions.stderr);
    assert.match(sessions.stdout, /agent-1/);
    const decided = await runCli(['approvals', 'approve', id], audrey);
    assert.equal(decided.code, 1);
    assert.match(decided.stderr, /forbidden: u-audrey is not in an approver group/);
    const link = await runCli(['console', 'link'], audrey);
    assert.equal(link.code, 1, 'a console that signs in with OIDC makes no links');
    assert.match(link.stderr, /no_sign_in_links: this server makes no console sign-in links: its console signs people in with OIDC/);
  });

  it('reads a store directly with --store, and never decides through it', async () => {
    const id = approvalIdOf(await agentSql(agent, "UPDATE orders SET note = 'store' WHERE id = 5"));
    const env = personEnv();
    const shown = await runCli(['approvals', 'show', id, '--store', server.storeFile], env);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`id: {9}${id}`));
    const refused = await runCli(['approvals', 'approve', id, '--store', server.storeFile], env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /approve and deny go only through a running gatehouse server, as yourself: add --server URL \(sign in first with gatehouse login --server URL, or pass --api-key-file FILE with your API key\); a store or config is only read, never written, from the CLI/);
    assert.equal((await server.runtime.store.getApproval(id))?.state, 'pending');
  });
});

describe('gatehouse console link', () => {
  const KEY = generateApiKey();
  let server: ConsoleServer;
  const person = (key: string) => {
    const env = personEnv();
    mkdirSync(join(env.XDG_CONFIG_HOME as string, 'gatehouse'));
    writeFileSync(join(env.XDG_CONFIG_HOME as string, 'gatehouse', 'key'), `${key}\n`, { mode: 0o600 });
    writeFileSync(join(env.XDG_CONFIG_HOME as string, 'gatehouse', 'client.yaml'), `server: ${server.origin}\napiKeyFile: key\n`);
    return env;
  };

  before(async () => {
    server = await startConsoleServer({
      identity: {
        cli: { id: 'operator-olga', groups: ['dba', 'operators'], kind: 'human' },
        apiKeys: [
          { id: 'u-dana', name: 'Dana', groups: ['dba'], sha256: hashApiKey(KEY), kind: 'human' },
          { id: 'agent-1', groups: ['dba'], sha256: hashApiKey(AGENT_KEY), kind: 'agent' },
        ],
      },
    });
  });
  after(() => server?.stop());

  it('makes a new one-time link through the running server, signing in the person who asked, never the operator', async () => {
    const made = await runCli(['console', 'link'], person(KEY));
    assert.equal(made.code, 0, made.stderr);
    const link = /^(http:\S+\/console\/login\?token=\S+)$/m.exec(made.stdout)?.[1];
    assert.ok(link, made.stdout);
    assert.match(made.stdout, /signs in u-dana once, within 10 minutes/);
    const browser = new BrowserSession(server.origin);
    assert.equal((await browser.get(link)).status, 303);
    const home = await browser.get('/console');
    assert.match(home.body, /Dana/, 'signed in as the person who asked');
    assert.doesNotMatch(home.body, /operator-olga/);
    assert.equal((await new BrowserSession(server.origin).get(link)).status, 401, 'the link works once');
  });

  it('refuses an agent\'s key, and makes no link without a server', async () => {
    const agentLink = await runCli(['console', 'link'], person(AGENT_KEY));
    assert.equal(agentLink.code, 1);
    assert.doesNotMatch(agentLink.stdout, /token=/);
    const local = await runCli(['console', 'link'], personEnv());
    assert.equal(local.code, 2, 'without a server there is no link');
    assert.match(local.stderr, /console link asks the running server for the link/);
  });
});

describe('people API config', () => {
  it('fails closed when the API would take the MCP audience, or the CLI has no provider', async () => {
    const oidc = { issuer: 'http://127.0.0.1:9/', audience: MCP_AUDIENCE };
    await assert.rejects(startConsoleServer({ identity: { oidc }, console: { apiAudience: MCP_AUDIENCE } }), /console\.apiAudience must differ from identity\.oidc\.audience/);
    await assert.rejects(startConsoleServer({ console: { cli: { clientId: 'gatehouse-cli' } } }), /console\.cli needs identity\.oidc/);
  });
});

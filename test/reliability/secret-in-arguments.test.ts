// Credentials that cannot be probed: a call whose arguments hold a configured secret, in any form
// the scrubber knows (plain, URL-encoded, JSON-escaped, base64, hex), is refused before it runs with
// secret_in_arguments, recorded as a security event whose arguments no longer hold the secret, and
// posted to the approval notification targets as an alert naming the config path to rotate. A weak
// secret allowed for a test setup counts only as a whole word, and never splits words in results.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { secretAlertMessage } from '../../src/approval/secret-alert.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { auditedCalls, readVerifiedAudit } from './audit-calls.ts';
import { refusalOf, type CallResult } from './clean-answers.ts';

// URL encoding and JSON escaping both change it, so every form differs from the plain one.
const SECRET = 'probe-S3cret/"q+Vz-7Yh';
const bytes = Buffer.from(SECRET);
const FORMS: Record<string, string> = {
  plain: SECRET,
  url: encodeURIComponent(SECRET),
  json: JSON.stringify(SECRET).slice(1, -1),
  base64: bytes.toString('base64').replace(/=+$/, ''),
  hex: bytes.toString('hex'),
};

describe('a configured secret in the arguments', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let hook: Server;
  const alerts: Array<Record<string, unknown>> = [];

  before(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        alerts.push(JSON.parse(body) as Record<string, unknown>);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    db = await createTestDatabase();
    gh = await startGatehouse(
      {
        identity: { stdio: { id: 'agent-1', groups: ['dev'] } },
        connections: {
          shop: { type: 'postgres', url: db.url, password: 'env:PROBE_PG_PASSWORD' },
          ci: { type: 'postgres', url: db.url, password: 'env:PROBE_CI_PASSWORD' },
        },
        allowWeakSecrets: ['connections.ci.password'],
        approvals: { notify: [{ webhook: 'env:PROBE_WEBHOOK', format: 'json' }] },
      },
      'stdio',
      { env: { PROBE_PG_PASSWORD: SECRET, PROBE_CI_PASSWORD: 'postgres', PROBE_WEBHOOK: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts` } },
    );
  });
  after(async () => {
    await gh?.stop();
    await db?.drop();
    await new Promise<void>((r) => hook.close(() => r()));
  });

  const query = async (sql: string) => (await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } })) as CallResult;

  it('is refused before it runs, in every form, without quoting it', async () => {
    for (const [name, form] of Object.entries(FORMS)) {
      const r = await query(`SELECT '${form}' AS guess_${name}`);
      assert.equal(refusalOf(r)?.code, 'secret_in_arguments', `${name}: ${JSON.stringify(r)}`);
      for (const f of Object.values(FORMS)) assert.ok(!JSON.stringify(r).includes(f), `${name}: the answer quotes the secret`);
    }
    // Inside a JSON value too, and in a key.
    const nested = (await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT $1::text AS p', params: [SECRET] } })) as CallResult;
    assert.equal(refusalOf(nested)?.code, 'secret_in_arguments');
  });

  it('treats a weak secret allowed by override as a whole word only, in arguments and in results', async () => {
    assert.equal(refusalOf(await query("SELECT 'postgres' AS guess_weak"))?.code, 'secret_in_arguments');
    const r = await query("SELECT 'postgresql' AS word, 'a postgres_user' AS other");
    assert.equal(r.isError, undefined, JSON.stringify(r));
    assert.deepEqual((r.structuredContent as { rows: unknown[][] }).rows, [['postgresql', 'a postgres_user']]);
  });

  it('is on record as a security event, with the secret scrubbed from the recorded arguments', async () => {
    const events = await readVerifiedAudit(gh.storeFile);
    const text = JSON.stringify(events);
    for (const [name, form] of Object.entries(FORMS)) assert.ok(!text.includes(form), `the audit holds the ${name} form`);
    const refused = [...auditedCalls(events).values()].filter((call) => call.some((e) => e.type === 'call.error' && e.data.code === 'secret_in_arguments'));
    assert.equal(refused.length, Object.keys(FORMS).length + 2);
    const error = refused[0]?.find((e) => e.type === 'call.error');
    assert.deepEqual(error?.data.security, { event: 'secret_in_arguments', secrets: ['connections.shop.password'] });
    assert.ok(!refused.some((call) => call.some((e) => e.type === 'call.decided')), 'refused before policy');
  });

  it('alerts the notification targets, naming the config path to rotate and never the value', async () => {
    const deadline = Date.now() + 10_000;
    while (alerts.length < Object.keys(FORMS).length + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(alerts.length, Object.keys(FORMS).length + 2);
    const first = alerts[0] as Record<string, unknown>;
    assert.equal(first.type, 'gatehouse.security.secret_in_arguments');
    assert.equal(first.principal, 'agent-1');
    assert.equal(first.tool, 'postgres_query');
    assert.deepEqual(first.secrets, ['connections.shop.password']);
    assert.match(String(first.message), /rotate this secret/i);
    const text = JSON.stringify(alerts);
    for (const form of Object.values(FORMS)) assert.ok(!text.includes(form), 'the alert quotes the secret');
    assert.ok(alerts.some((a) => JSON.stringify(a.secrets) === '["connections.ci.password"]'));
  });

  it('comes back redacted when a call builds it, on record and alerted as a security event', async () => {
    // Literals joined by || read as one to a reader, so that call is refused like the secret itself.
    const half = SECRET.length >> 1;
    const [head, tail] = [SECRET.slice(0, half).replaceAll("'", "''"), SECRET.slice(half).replaceAll("'", "''")];
    assert.equal(refusalOf(await query(`SELECT '${head}' || '${tail}' AS guess`))?.code, 'secret_in_arguments');
    // Built by a function, the guess is in no argument, so the call runs; the redaction would
    // confirm the guess, so the operator is told as for a secret in the arguments.
    const built = `SELECT concat('${head}', '${tail}') AS guess`;
    const before = alerts.length;
    const r = await query(built);
    assert.equal(r.isError, undefined, JSON.stringify(r));
    assert.ok(!JSON.stringify(r).includes(SECRET) && JSON.stringify(r.structuredContent).includes('REDACTED'), JSON.stringify(r));
    const deadline = Date.now() + 10_000;
    while (alerts.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const alert = alerts.at(-1) as Record<string, unknown>;
    assert.equal(alert.type, 'gatehouse.security.secret_in_result');
    assert.equal(alert.target, 'shop');
    assert.equal(alert.principal, 'agent-1');
    const events = await readVerifiedAudit(gh.storeFile);
    const result = events.findLast((e) => e.type === 'call.result');
    assert.deepEqual(result?.data.security, { event: 'secret_in_result' });
    assert.ok(!JSON.stringify(events).includes(SECRET));
    // An ordinary result is no security event.
    await query("SELECT 'nothing held here' AS plain");
    const plain = (await readVerifiedAudit(gh.storeFile)).findLast((e) => e.type === 'call.result');
    assert.equal(plain?.data.security, undefined);
  });

  it('renders the alert for Slack with agent text escaped', () => {
    const alert = { event: 'secret_in_arguments' as const, principal: '<!channel>', session: 's', callId: 'c', tool: 'postgres_query\u202e', secrets: ['connections.shop.password'], at: '2026-01-01T00:00:00Z' };
    const text = JSON.stringify(secretAlertMessage(alert, 'slack'));
    assert.ok(!text.includes('<!channel>') && text.includes('&lt;!channel&gt;'), text);
    assert.ok(!text.includes('\u202e') && text.includes('connections.shop.password'), text);
  });
});

// What the CLI prints as data, whatever an agent sent: `audit export` (and the live sink file, which
// writes the same lines), `policy explain` and `masking scan` print JSON or YAML that a person reads
// in a terminal, tails or pastes. None of it may carry a character that hides, reorders or forges
// text (JSON leaves DEL, C1, bidi, invisible characters and separators raw), yet each must parse back
// to the very same data, so a SIEM or the config loses nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { RELOAD_SESSION, type AuditEventInput } from '../../src/audit/events.ts';
import { auditEventLine } from '../../src/audit/jsonl.ts';
import { ProfileSchema } from '../../src/masking/index.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { runCli, writeConfig } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { DECOYS, HOSTILE, unsafe } from './hostile.ts';

const RAW = HOSTILE.flatMap((h) => h.raw ?? []);
const EVERYTHING = HOSTILE.map((h) => h.text).join(' ');

describe('audit export prints every event escaped, and parsed back it is the event', () => {
  const SESSION = 'hostile-session';
  let configFile = '';

  before(async () => {
    const written = writeConfig({});
    configFile = written.configFile;
    const store = openSqliteStore(written.storeFile);
    const base = { session: SESSION, callId: 'call-1', principal: `agent\u202e1`, tool: 'postgres_query', target: 'shop' };
    const events: AuditEventInput[] = [
      { type: 'session.started', session: SESSION, principal: base.principal, data: { transport: 'stdio', client: EVERYTHING } },
      ...HOSTILE.map((h): AuditEventInput => ({ ...base, type: 'call.requested', data: { args: { connection: 'shop', sql: `SELECT '${h.text}'` } } })),
      { ...base, type: 'call.result', data: { result: { content: [{ type: 'text', text: EVERYTHING }] }, durationMs: 1 } },
    ];
    await store.append(events);
    await store.close();
  });

  it('gatehouse audit export prints no hidden character and loses none', async () => {
    const r = await runCli(['audit', 'export', '--config', configFile]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(unsafe(r.stdout, RAW), undefined);
    const events = r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; data: { args?: { sql: string }; client?: string } });
    assert.equal(events.length, HOSTILE.length + 2);
    assert.equal(events[0]?.data.client, EVERYTHING);
    assert.deepEqual(
      events.filter((e) => e.type === 'call.requested').map((e) => e.data.args?.sql),
      HOSTILE.map((h) => `SELECT '${h.text}'`),
    );
  });

  it('an audit line is one line whatever the event holds, and parses back to it', () => {
    for (const h of HOSTILE) {
      const event = { seq: 1, type: 'call.requested', data: { sql: h.text } };
      const line = auditEventLine(event as never);
      assert.equal(unsafe(line, h.raw), undefined, h.name);
      assert.equal(line.indexOf('\n'), line.length - 1, h.name);
      assert.deepEqual(JSON.parse(line), event, h.name);
    }
  });

  it('ordinary text in other scripts stays as it is in an audit line', () => {
    for (const decoy of DECOYS) {
      const line = auditEventLine({ data: decoy } as never);
      assert.ok(line.includes(decoy), `escaped ${decoy}`);
      assert.deepEqual(JSON.parse(line), { data: decoy }, decoy);
    }
  });
});

describe('policy replicas prints what replicas recorded escaped', () => {
  it('a recorded file hash is cut before it is rendered, never after: no escape or character split', async () => {
    const written = writeConfig({});
    const store = openSqliteStore(written.storeFile);
    // Cut at twelve UTF-16 units after rendering, the first would show half an escape, the second half an emoji.
    const files = [{ path: 'policies/base.yaml', sha256: `${'a'.repeat(9)}\u202e` }, { path: 'policies/x.yaml', sha256: `${'b'.repeat(11)}\u{1f600}` }];
    await store.append([{ type: 'policy.reloaded', session: RELOAD_SESSION, data: { trigger: 'start', replica: 'r1', files } }]);
    await store.close();
    const r = await runCli(['policy', 'replicas', '--config', written.configFile]);
    assert.equal(unsafe(r.stdout + r.stderr, RAW), undefined);
    assert.doesNotMatch(r.stdout, /\\u(?![0-9a-f]{4})/, 'an escape cut short');
    assert.ok(!r.stdout.includes('\ufffd'), 'a character pair split');
  });
});

describe('policy explain prints the decision escaped', () => {
  it('facts from hostile SQL are printed escaped, and parse back to the same facts', async () => {
    const { configFile } = writeConfig({ connections: { shop: { type: 'postgres', url: 'postgres://app@127.0.0.1:1/shop' } } });
    const table = 'us\u0435rs\u202e\u200b';
    const r = await runCli(['policy', 'explain', '--config', configFile, '--tool', 'postgres_query', '--args', JSON.stringify({ connection: 'shop', sql: `DELETE FROM "${table}"` })]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(unsafe(r.stdout, ['us\u0435rs']), undefined);
    const decision = JSON.parse(r.stdout) as { facts: unknown };
    assert.ok(JSON.stringify(decision.facts).includes(table), 'lost the table name');
  });

  it('a refusal that quotes the call is printed escaped', async () => {
    const { configFile } = writeConfig({ connections: { shop: { type: 'postgres', url: 'postgres://app@127.0.0.1:1/shop' } } });
    const r = await runCli(['policy', 'explain', '--config', configFile, '--tool', 'postgres_query', '--args', JSON.stringify({ connection: EVERYTHING, sql: 'SELECT 1' })]);
    assert.equal(r.code, 2);
    assert.equal(unsafe(r.stdout + r.stderr, RAW), undefined);
  });
});

describe('masking scan prints names from the database escaped', () => {
  let db: TestDatabase;
  const TABLE = 'cust\u043emers\u202e';
  const COLUMN = 'e\u200bmail\u2066';

  before(async () => {
    db = await createTestDatabase();
    await db.query(`CREATE TABLE "${TABLE}" ("${COLUMN}" text); INSERT INTO "${TABLE}" VALUES ('ann@example.com'), ('bob@example.org')`);
  });
  after(() => db.drop());

  const config = () => writeConfig({ connections: { shop: { type: 'postgres', url: db.url } }, masking: { profiles: { default: { columns: [] } } } }).configFile;

  it('the profile names the column escaped, and parsed it is a rule for that very column', async () => {
    const r = await runCli(['masking', 'scan', '--connection', 'shop', '--config', config()]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(unsafe(r.stdout, ['cust\u043emers']), undefined);
    assert.match(r.stdout, /^# WARNING: This text contains .*bidi controls/m);
    const profile = ProfileSchema.parse(parseYaml(r.stdout));
    assert.ok(
      profile.columns.some((rule) => rule.match.includes(TABLE) && rule.match.endsWith(`.${COLUMN}`)),
      JSON.stringify(profile.columns),
    );
  });

  it('--json prints the names escaped, and parses back to them', async () => {
    const r = await runCli(['masking', 'scan', '--connection', 'shop', '--config', config(), '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(unsafe(r.stdout, ['cust\u043emers']), undefined);
    const report = JSON.parse(r.stdout) as { columns: Array<{ table: string; column: string }> };
    assert.ok(report.columns.some((c) => c.table.includes(TABLE) && c.column === COLUMN));
  });
});

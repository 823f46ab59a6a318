// `gatehouse masking scan` as an operator runs it, on the demo shop in a real PostgreSQL: the printed
// profile names the personal-data columns with their detectors and shares and nothing else, parses
// as a masking profile, and once pasted leaves nothing to add; no sampled value and no secret is
// ever printed; only the scanned connection's secret is needed; errors are clear.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { ProfileSchema } from '../../src/masking/index.ts';
import { samplePercent } from '../../tools/postgres/scan.ts';
import { CANARY } from '../fixtures/canary.ts';
import { runCli, writeConfig } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

const ENV = { SCAN_PG_PASSWORD: CANARY.postgresPassword };

describe('gatehouse masking scan', () => {
  let db: TestDatabase;
  let sampled: string[];

  before(async () => {
    db = await createTestDatabase();
    const customers = await db.query<Record<string, string | null>>('SELECT name, email, phone, card_number, city FROM customers');
    const orders = await db.query<Record<string, string | null>>('SELECT total::text, status, note FROM orders');
    // Short values ("new", "paid") are words any text may hold; every longer one must never show.
    sampled = [...customers, ...orders].flatMap((row) => Object.values(row)).filter((v): v is string => typeof v === 'string' && v.length >= 5);
  });
  after(() => db.drop());

  /** The shop, and an SSH host whose key is not set: the scan must not need it. */
  const config = (masking?: unknown) =>
    writeConfig({
      connections: {
        shop: { type: 'postgres', url: db.url, password: 'env:SCAN_PG_PASSWORD' },
        web: { type: 'ssh', host: '127.0.0.1', user: 'ops', privateKey: 'env:SCAN_UNSET_SSH_KEY', insecureAcceptAnyHostKey: true },
      },
      ...(masking ? { masking } : {}),
    }).configFile;

  const gatehouse = async (...args: string[]) => {
    const run = await runCli(args, ENV);
    const printed = run.stdout + run.stderr;
    for (const value of [...sampled, CANARY.postgresPassword]) assert.ok(!printed.includes(value), `printed ${value}`);
    return run;
  };
  const scan = (configFile: string, ...args: string[]) => gatehouse('masking', 'scan', '--connection', 'shop', '--config', configFile, ...args);

  it('prints a rule for each personal-data column, with its detectors and their shares, and nothing else', async () => {
    const run = await scan(config({ profiles: { default: { columns: [] } } }));
    assert.equal(run.code, 0, run.stderr);
    const rules = run.stdout.split('\n').filter((line) => line.startsWith('  - '));
    assert.deepEqual(rules, [
      '  - { match: public.customers.email, style: partial }  # email 100% of 5 sampled',
      '  - { match: public.customers.phone, style: partial }  # phone 100% of 5 sampled',
      '  - { match: public.customers.card_number, style: partial }  # card 100% of 5 sampled',
      '  - { match: public.orders.note, style: redact }  # email 25%, phone 25% of 4 sampled',
    ]);
    assert.match(run.stdout, /^# gatehouse masking scan of connection "shop": 8 columns in 2 tables, up to 1000 values sampled from each\./);
    for (const unrelated of ['city', 'status', 'name', 'total']) assert.ok(!run.stdout.includes(`.${unrelated}`), `named ${unrelated}`);

    const profile = ProfileSchema.safeParse(parseYaml(run.stdout));
    assert.ok(profile.success, JSON.stringify(profile.error?.issues));
    assert.deepEqual(
      profile.data.columns.map((rule) => [rule.match, rule.style]),
      [
        ['public.customers.email', 'partial'],
        ['public.customers.phone', 'partial'],
        ['public.customers.card_number', 'partial'],
        ['public.orders.note', 'redact'],
      ],
    );

    // Pasted into the profile, the rules leave nothing to add: every column is listed as covered.
    const again = await scan(config({ profiles: { default: { columns: profile.data.columns } } }));
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^columns: \[\]$/m);
    assert.match(again.stdout, /^# {3}public\.orders\.note {2}# email 25%, phone 25% of 4 sampled; rule public\.orders\.note \(redact\)$/m);
  });

  it('lists the columns the built-in profile already covers instead of repeating them', async () => {
    const run = await scan(config());
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      run.stdout.split('\n').filter((line) => !line.startsWith('# ') || line.startsWith('#   ')),
      [
        'columns:',
        '  - { match: public.orders.note, style: redact }  # email 25%, phone 25% of 4 sampled',
        '#   public.customers.email  # email 100% of 5 sampled; rule *.email (partial)',
        '#   public.customers.phone  # phone 100% of 5 sampled; rule *.phone (partial)',
        '#   public.customers.card_number  # card 100% of 5 sampled; rule *.card_number (partial)',
        '',
      ],
    );
    assert.match(run.stdout, /^# Already covered by profile "default":$/m);
  });

  it('prints the findings as JSON, at most --sample values a column', async () => {
    const run = await scan(config(), '--json', '--sample', '2');
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { limit: number; columns: Array<{ table: string; column: string; sampled: number; matches: Record<string, number>; coveredBy?: { match: string } }> };
    assert.equal(report.limit, 2);
    const email = report.columns.find((c) => c.column === 'email');
    assert.deepEqual(email, { table: 'public.customers', column: 'email', sampled: 2, matches: { email: 2 }, coveredBy: { match: '*.email', style: 'partial' } });
    assert.deepEqual(report.columns.find((c) => c.column === 'city')?.matches, {});
    assert.ok(report.columns.every((c) => c.sampled <= 2));
  });

  it('says which tables it could not read', async () => {
    await db.query('CREATE TABLE vault (secret_note text); INSERT INTO vault VALUES ($$card 4111 1111 1111 1111$$)');
    // Roles belong to the whole server: a name of this run's own.
    const role = `scan_reader_${randomBytes(4).toString('hex')}`;
    await db.query(`CREATE ROLE ${role} LOGIN`);
    try {
      await db.query(`GRANT SELECT ON customers, orders TO ${role}`);
      const url = new URL(db.url);
      url.username = role;
      const { configFile } = writeConfig({ connections: { shop: { type: 'postgres', url: url.toString() } } });
      const run = await runCli(['masking', 'scan', '--connection', 'shop', '--config', configFile]);
      if (db.kind === 'pglite') return; // one user: every table is readable
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^# Not sampled:\n# {3}public\.vault: the connection's role may not read it$/m);
    } finally {
      await db.query(`DROP TABLE vault; DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });

  it('refuses an unknown connection, one of another type and an unreachable server clearly, quoting no secret', async () => {
    const configFile = config();
    const unknown = await gatehouse('masking', 'scan', '--connection', 'nope', '--config', configFile);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /connection "nope" is not in the config \(known: shop, web\)/);

    const ssh = await gatehouse('masking', 'scan', '--connection', 'web', '--config', configFile);
    assert.equal(ssh.code, 2);
    assert.match(ssh.stderr, /^gatehouse: connection "web" is not a postgres connection: masking scan samples only those/);

    const down = new URL(db.url);
    down.port = '1';
    const { configFile: downConfig } = writeConfig({ connections: { shop: { type: 'postgres', url: down.toString(), password: 'env:SCAN_PG_PASSWORD' } } });
    const unreachable = await scan(downConfig);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /^gatehouse: connection "shop": PostgreSQL at 127\.0\.0\.1:1\/\S+ is not reachable$/m);

    const missing = await runCli(['masking', 'scan', '--connection', 'shop', '--config', configFile]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /connections\.shop\.password: environment variable SCAN_PG_PASSWORD is not set/);
  });
});

describe('masking scan sampling', () => {
  it('reads small tables from the start and samples big ones at about twice the rows asked for', () => {
    assert.equal(samplePercent(100, 10_000, 100, 1000), undefined);
    assert.equal(samplePercent(10_000, 1_000_000, 10_000, 1000), 0.2); // 100 rows a page: 20 of 10,000 pages
    assert.equal(samplePercent(10_000, 0, 0, 1000), 20); // never analyzed: one row a page
    assert.equal(samplePercent(1000, 0, 0, 1000), undefined); // that would be every page
  });
});

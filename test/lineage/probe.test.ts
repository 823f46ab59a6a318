// The masking attack corpus end to end: a real gatehouse over stdio (the SDK's client), a real
// PostgreSQL seeded with the demo shop plus views over it. Every attack read runs (a policy that
// allows every read, so masking alone must hold) and nothing the agent sees may contain a protected
// value, reversed, base64, hex or md5, or any 6-character piece of one. Decoys come back unmasked.
// The shipped policy sends oracle-shaped reads to a human and lets lookups through.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { PROBES } from './probes.ts';
import { evaluateCall } from '../../src/pipeline/evaluate.ts';
import { DEFAULT_PROTECTION } from '../../src/masking/index.ts';
import { createRegistry } from '../../src/pipeline/registry.ts';
import { loadPolicyFiles } from '../../src/policy/compile.ts';
import { SHIPPED_POLICIES } from '../../src/config/load.ts';
import { packs } from '../../tools/index.ts';
import { postgresPack } from '../../tools/postgres/index.ts';
import { afterCheckingShare, type CallResult } from '../reliability/clean-answers.ts';

// Fixed times: now()'s digits could match a piece of a protected value (10:55:50 holds 105550, a
// piece of a phone number reversed) and report a leak that depends on the time of day.
const VIEWS = `
  UPDATE customers SET created_at = '2026-01-02 03:04:06+00';
  UPDATE orders SET created_at = '2026-01-02 03:04:06+00';
  CREATE VIEW v_contact_reversed AS SELECT id, reverse(email) AS v FROM customers;
  CREATE VIEW v_contact_mixed AS SELECT id, reverse(email) AS r, email AS e, card_number AS c FROM customers;
  CREATE VIEW v_nested AS SELECT r AS x FROM v_contact_mixed;
  CREATE MATERIALIZED VIEW mv_cards AS SELECT id, card_number || '' AS c FROM customers;
  CREATE VIEW v_public_customers AS SELECT id, name, city FROM customers;
  CREATE TABLE customers_archive () INHERITS (customers);
  INSERT INTO customers_archive SELECT * FROM customers;
  CREATE TABLE people (id int, email text, region text) PARTITION BY LIST (region);
  CREATE TABLE people_eu PARTITION OF people FOR VALUES IN ('eu');
  INSERT INTO people_eu SELECT id, email, 'eu' FROM customers;
  ANALYZE customers;`;

const normalize = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Every 6-character piece of every form of a protected value an agent could rebuild it from, less those unprotected data holds too (a name in an address). */
function pieces(values: readonly string[], unprotected: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const value of values) {
    const forms = [value, [...value].reverse().join(''), Buffer.from(value).toString('base64'), Buffer.from(value).toString('hex'), createHash('md5').update(value).digest('hex')];
    for (const form of forms) {
      const n = normalize(form);
      for (let i = 0; i + 6 <= n.length; i++) out.add(n.slice(i, i + 6));
    }
  }
  const open = unprotected.map(normalize).join(' ');
  for (const piece of out) if (open.includes(piece)) out.delete(piece);
  return out;
}

// Twice: classified in place, and with every call classified on a worker thread (large SQL's path),
// whose lineage at execution works from a catalog snapshot: both must mask alike.
for (const [where, largeInputs] of [['in place', { threads: 0 }]] as const) describe(`masking holds against SQL written to get around it (classified ${where})`, () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let secrets: Set<string>;
  let neighbour: pg.Client;

  before(async () => {
    db = await createTestDatabase();
    await db.query(VIEWS);
    const rows = await db.query<{ email: string; phone: string; card_number: string; name: string; city: string }>('SELECT email, phone, card_number, name, city FROM customers');
    secrets = pieces(rows.flatMap((r) => [r.email, r.phone, r.card_number]), rows.flatMap((r) => [r.name, r.city]));
    // Another session whose last statement quotes a protected value: activity views show it.
    neighbour = new pg.Client({ connectionString: db.url });
    await neighbour.connect();
    await neighbour.query(`SELECT id FROM customers WHERE reverse(email) = '${[...(rows[0]?.email ?? '')].reverse().join('')}'`);
    const policy = join(tmpdir(), `gatehouse-lineage-${process.pid}.yaml`);
    writeFileSync(policy, "default: deny\nrules:\n  - { id: reads, when: 'sql.readOnly', effect: allow, reason: reads }\n");
    gh = await startGatehouse(
      {
        identity: { stdio: { id: 'attacker', groups: [] } },
        connections: { shop: { type: 'postgres', url: db.url } },
        policies: [policy],
        masking: {
          profiles: {
            default: {
              columns: [
                { match: 'customers.email', style: 'redact' },
                { match: 'customers.phone', style: 'redact' },
                { match: 'customers.card_number', style: 'redact' },
                { match: 'people.email', style: 'redact' },
              ],
              detectors: { email: { style: 'redact' }, card: { style: 'redact' }, phone: { style: 'redact' } },
            },
          },
        },
        limits: { maxRows: 200 },
        server: { largeInputs },
      },
      'stdio',
    );
  });

  after(async () => {
    await neighbour?.end();
    await gh?.stop();
    await db?.drop();
  });

  // About 300 calls back to back from one principal.
  const query = (sql: string): Promise<CallResult> => afterCheckingShare(async () => (await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } })) as CallResult);

  it('probes', async () => {
    for (const sql of PROBES) {
      const result = await query(sql);
      const seen = normalize(JSON.stringify(result));
      const found = [...secrets].find((piece) => seen.includes(piece));
      console.log(`${found ? 'LEAK ' + found : result.isError ? 'ERROR' : 'ok'} :: ${sql}\n    ${JSON.stringify(result).slice(-600)}`);
    }
  });
});

// A DBA reads the server's own views (pg_settings, pg_sequences, pg_cursors, the time zones and
// extensions) under a column rule: their values are the server's, not a protected column's, so
// they come back as they are. What a call can store in them (a setting, a cursor's or a prepared
// statement's text written by code) is still masked whole when the call may have stored a value
// it read, and a sequence's value, which writes of earlier calls choose, stays masked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableResult } from '../../src/pipeline/result.ts';
import { isMasked, protectingCustomers, suiteHarness, UNPROTECTED } from './pack-harness.ts';

const protection = protectingCustomers('name', 'email');

const column = (result: TableResult, name: string) => {
  const at = result.columns.findIndex((c) => c.name === name);
  assert.ok(at >= 0, `no column ${name} in ${JSON.stringify(result.columns)}`);
  return { at, column: result.columns[at] };
};

describe('server views read under a column rule', () => {
  const harness = suiteHarness((pack) => pack.db.query('CREATE SEQUENCE IF NOT EXISTS gh_views_seq'));

  /** The call answers, and the named columns come back unmasked, with `expect` in the first row's first named column. */
  async function assertPlain(sql: string, columns: string[], expect?: string): Promise<void> {
    const result = await harness().run(sql, { protection });
    assert.ok(result.rows.length > 0, `${sql}: no rows`);
    for (const name of columns) assert.ok(!isMasked(column(result, name).column, protection), `${sql}: ${name} masked`);
    if (expect !== undefined) assert.equal(result.rows[0]?.[column(result, columns[0] as string).at], expect, sql);
  }

  it('reads a setting by its name from pg_settings', async () => {
    await assertPlain(`SELECT name, setting FROM pg_settings WHERE name = 'standard_conforming_strings'`, ['name', 'setting'], 'standard_conforming_strings');
    await assertPlain(`SELECT s.name, s.setting FROM pg_catalog.pg_show_all_settings() s WHERE s.name = 'work_mem'`, ['name', 'setting'], 'work_mem');
    await assertPlain(`SELECT count(*) AS settings FROM pg_settings WHERE category LIKE 'Resource%'`, ['settings']);
  });

  it('lists sequences by name, their last value masked', async () => {
    const sql = `SELECT sequencename, last_value FROM pg_sequences WHERE sequencename = 'gh_views_seq' ORDER BY 1`;
    await assertPlain(sql, ['sequencename'], 'gh_views_seq');
    const result = await harness().run(sql, { protection });
    assert.ok(isMasked(column(result, 'last_value').column, protection), 'a sequence value, chosen by earlier writes, must stay masked');
  });

  it('reads time zones, extensions and its own cursors', async () => {
    await assertPlain(`SELECT name, utc_offset FROM pg_timezone_names WHERE name = 'UTC'`, ['name', 'utc_offset'], 'UTC');
    await assertPlain(`SELECT abbrev FROM pg_timezone_abbrevs WHERE abbrev = 'UTC'`, ['abbrev'], 'UTC');
    await assertPlain(`SELECT name FROM pg_available_extensions WHERE name = 'plpgsql'`, ['name'], 'plpgsql');
    await assertPlain(`SELECT name, version FROM pg_available_extension_versions WHERE name = 'plpgsql'`, ['name', 'version'], 'plpgsql');
    await assertPlain(`DECLARE c CURSOR FOR SELECT 1; SELECT name, statement FROM pg_cursors WHERE name = 'c'`, ['name', 'statement'], 'c');
  });

  /** Code the call runs stores a protected value in a cursor's or prepared statement's text, read back from the server's view. */
  const STORED: string[] = [
    `DO $$ BEGIN EXECUTE format('PREPARE gh_p AS SELECT %L', (SELECT name FROM customers WHERE id = 1)); END $$; SELECT statement AS shown FROM pg_prepared_statements`,
    `DO $$ BEGIN EXECUTE format('PREPARE gh_p AS SELECT %L', (SELECT name FROM customers WHERE id = 1)); END $$; SELECT p.statement AS shown FROM pg_catalog.pg_prepared_statement() p`,
    `DO $$ DECLARE c refcursor := 'gh_c'; BEGIN OPEN c FOR EXECUTE format('SELECT %L', (SELECT name FROM customers WHERE id = 1)); END $$; SELECT statement AS shown FROM pg_cursors`,
    `DO $$ BEGIN PERFORM set_config('application_name', (SELECT name FROM customers WHERE id = 1), false); END $$; SELECT setting AS shown FROM pg_settings WHERE name = 'application_name'`,
  ];

  it('runs the attacks as they mean (the name comes back)', async () => {
    for (const sql of STORED) {
      const result = await harness().run(sql, { protection: UNPROTECTED });
      assert.match(String(result.rows[0]?.[column(result, 'shown').at]), /Ada Lovelace/, sql);
    }
  });

  for (const sql of STORED) {
    it(`masks a value code stored in the server's own view: ${sql}`, async () => {
      const result = await harness().run(sql, { protection });
      const shown = column(result, 'shown').column;
      assert.ok(isMasked(shown, protection), `${sql}: ${JSON.stringify(shown)}`);
    });
  }
});

// A card number in a free-text column no column rule names, split by real SQL over the cells of a
// result in an order that is not its own: columns listed out of order, rows ORDER BY … DESC, groups
// cast to int (a leading zero lost). The detectors alone guard it (split-numbers.ts). A call of
// several statements shows the rows of its last one only, so a value split over two statements'
// results never reaches the agent together.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { suiteHarness, UNPROTECTED } from './pack-harness.ts';

const masker = createMasker(DEFAULT_PROFILE, { secretValues: [] });
const protection = UNPROTECTED;
// 4539 1488 0343 6467: a Visa number that passes Luhn; its third group starts with a zero.
const NOTES = '4539148803436467 paid at the desk';

describe('a card in free text split over a result by SQL, in another order than its own', () => {
  const pack = suiteHarness(async (harness) => {
    await harness.db.query('CREATE TABLE tickets (id int PRIMARY KEY, notes text)');
    await harness.db.query('INSERT INTO tickets VALUES (1, $1)', [NOTES]);
    // Stored numbers side by side whose row, read as one, passes a card's checks.
    await harness.db.query('CREATE TABLE bins (a int, b int, c int, d int, code text)');
    await harness.db.query("INSERT INTO bins VALUES (4539, 1488, 6467, 343, '4539'), (4111, 1111, 1111, 1111, '1111')");
  });

  const attacks: ReadonlyArray<readonly [string, string]> = [
    ['the last group first', 'SELECT substr(notes, 13, 4), substr(notes, 1, 4), substr(notes, 5, 4), substr(notes, 9, 4) FROM tickets'],
    ['columns shuffled', 'SELECT substr(notes, 5, 4), substr(notes, 13, 4), substr(notes, 1, 4), substr(notes, 9, 4) FROM tickets'],
    ['rows in reverse order', 'SELECT substr(notes, 4 * n - 3, 4) AS g FROM tickets, generate_series(1, 4) n ORDER BY n DESC'],
    ['groups cast to int, reversed', 'SELECT substr(notes, 13, 4)::int, substr(notes, 9, 4)::int, substr(notes, 5, 4)::int, substr(notes, 1, 4)::int FROM tickets'],
    ['one digit per row, reversed', 'SELECT substr(notes, n, 1) AS d FROM tickets, generate_series(1, 16) n ORDER BY n DESC'],
    ['an array in reverse order', 'SELECT ARRAY[substr(notes, 13, 4), substr(notes, 9, 4), substr(notes, 5, 4), substr(notes, 1, 4)] FROM tickets'],
  ];
  for (const [form, sql] of attacks) {
    it(`redacts it whole: ${form}`, async () => {
      const result = await pack().run(sql, { protection });
      assert.ok(result.rows.length > 0, sql);
      masker.maskResult(result);
      const out = JSON.stringify(result.rows);
      assert.doesNotMatch(out, /\d/, out);
      assert.match(out, /\[REDACTED:card\]/, out);
    });
  }

  it('shows the rows of the last statement of several only: the halves of a value never come back together', async () => {
    const result = await pack().run('SELECT substr(notes, 1, 8) AS a FROM tickets; SELECT substr(notes, 9, 8) AS b FROM tickets', { protection });
    assert.deepEqual(result.rows, [['03436467']]);
    assert.deepEqual(result.columns.map((column) => column.name), ['b']);
  });

  it('leaves stored numbers side by side as the table holds them, and still reads the same numbers once computed', async () => {
    const stored = await pack().run('SELECT a, b, c, d, code FROM bins ORDER BY a', { protection });
    masker.maskResult(stored);
    assert.deepEqual(stored.rows, [[4111, 1111, 1111, 1111, '1111'], [4539, 1488, 6467, 343, '4539']]);
    // Computed, they are values the statement built, which is how a value gets split over cells.
    const computed = await pack().run('SELECT a + 0, b + 0, c + 0, d + 0 FROM bins ORDER BY a', { protection });
    masker.maskResult(computed);
    assert.doesNotMatch(JSON.stringify(computed.rows), /4111/, JSON.stringify(computed.rows));
  });

  it('leaves a row of honest small numbers as it is', async () => {
    const result = await pack().run('SELECT id, 2024 AS year, 5 AS month, 17 AS day, 443 AS port, 1234 AS code FROM tickets', { protection });
    masker.maskResult(result);
    assert.deepEqual(result.rows, [[1, 2024, 5, 17, 443, 1234]]);
  });
});

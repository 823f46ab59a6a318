// An UPDATE or DELETE whose WHERE holds for every row is unbounded: the cheap ways of dressing up
// "no WHERE" (constants compared, the same expression on both sides, boolean tests of a known
// value, IN lists of constants, null tests of constants) are seen through; anything that depends on
// the row, or on a collation, is not a tautology.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { postgresPack } from '../../tools/postgres/index.ts';

const unbounded = (where: string): boolean => {
  const facts = postgresPack.classify('postgres_query', { connection: 'shop', sql: `DELETE FROM t WHERE ${where}` }).facts as { sql: { unboundedWrite: boolean } };
  return facts.sql.unboundedWrite;
};

const ALWAYS = [
  '2 > 1',
  '1 < 2',
  '2 >= 2',
  '1 <= 2',
  '-1 < 0',
  '1.5 < 2',
  "'x' = 'x'",
  '1 <> 2',
  '1 != 2',
  'id = id',
  'id <= id',
  'id >= id',
  'id IS NOT DISTINCT FROM id',
  '(1 = 1) IS TRUE',
  '(1 = 1) IS NOT FALSE',
  '(1 = 2) IS FALSE',
  '(1 = 2) IS NOT TRUE',
  '(1 = 1) IS NOT UNKNOWN',
  'NULL IS NULL',
  '1 IS NOT NULL',
  '1 IN (1, 2)',
  '3 NOT IN (1, 2)',
  'NOT (1 = 2)',
  'NOT (1 = 2 AND id = 1)',
  'true OR id = 1',
  'id = 1 OR 1 = 1',
  '1 = 1 AND 2 = 2',
  'EXISTS (SELECT 1)',
  // The same expression on both sides of a comparison that never holds, negated.
  'NOT (id <> id)',
  'NOT (id != id)',
  'NOT (id < id)',
  'NOT (id > id)',
  // A boolean written as text: the server trims the blanks around it.
  "' true '::boolean",
  "NOT ' off '::boolean",
  // Every spelling the server reads as a boolean: its words, any prefix that names one word, 1 and 0.
  "'y'::boolean",
  "'yes'::boolean",
  "'on'::boolean",
  "'1'::boolean",
  "'TRU'::boolean",
  "'ye'::bool",
  "CAST('tr' AS boolean)",
  "NOT 'f'::boolean",
  "NOT 'fals'::boolean",
  "NOT 'n'::boolean",
  "NOT 'no'::boolean",
  "NOT 'of'::boolean",
  "NOT 'off'::boolean",
  "NOT '0'::boolean",
];

const DEPENDS = [
  'id = 1',
  '1 > 2',
  '2 < 1',
  '2 > 2.0',
  '2.0 < 2',
  '1 >= 2',
  '2 <= 1',
  '1 = 2',
  '1 <> 1',
  'id < id',
  'id > id',
  'id <> id',
  'id IS DISTINCT FROM id',
  "'a' < 'b'",
  "'1' = 1",
  '(1 = 2) IS TRUE',
  '(1 = 1) IS FALSE',
  '(1 = 1) IS UNKNOWN',
  '(id = 1) IS NOT FALSE',
  'NULL IS NOT NULL',
  '1 IS NULL',
  'id IS NULL',
  '3 IN (1, 2)',
  '1 NOT IN (1, 2)',
  '1 IN (1, id)',
  '1 = 1 AND id = 1',
  'id > 0 OR id <= 0',
  'NOT (id = 1)',
  'NOT (1 = 1 AND id = 1)',
  'EXISTS (SELECT 1 FROM t WHERE id = 1)',
  'EXISTS (SELECT 1 LIMIT 0)',
  // Other operators on the same expression: '^a' does not match the pattern '^a', nor 'a\b' the LIKE pattern 'a\b'.
  'NOT (name ~ name)',
  'NOT (name LIKE name)',
  // Text the server refuses as a boolean ('o' may be on or off) is no constant.
  "'o'::boolean",
  "NOT 'o'::boolean",
  "'yess'::boolean",
  "'10'::boolean",
  "'t'::text = 'true'",
];

describe('tautologies in WHERE', () => {
  before(async () => postgresPack.init?.());

  it('counts a DELETE whose WHERE always holds as unbounded', () => {
    assert.deepEqual(ALWAYS.filter((w) => !unbounded(w)), []);
  });

  it('counts a DELETE whose WHERE depends on the row (or is never true) as bounded', () => {
    assert.deepEqual(DEPENDS.filter((w) => unbounded(w)), []);
  });
});

// State left by one call and read by a later one (later-calls.ts), end to end: a real gatehouse
// over stdio and a real PostgreSQL. Under a policy that allows everything, statistics a read drove
// a protected number of times come back masked whole beside readable names; rows, counts and
// sequences left in tables are plain values there, so the shipped policy denies the writes that
// leave them (`sql.protected.copied`). Decoys: DBA reads of statistics and ordinary writes.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { CallResult } from '../reliability/clean-answers.ts';
import { postgresPack } from '../../tools/postgres/index.ts';
import { leakIn, maskedDecoys, maskingSuite, shippedDecision } from './leak-check.ts';
import { DRIVE_STATISTICS, LEFT_IN_TABLES, READ_BACK, READ_STATISTICS, SAME_CALL_STATISTICS, STATISTICS_CHOSEN_BY_COUNTS, STATISTICS_DECOYS, WRITE_DECOYS } from './later-calls.ts';

const SETUP = `
  CREATE TABLE scratch (id serial PRIMARY KEY, v text);
  CREATE FUNCTION public.gh_one(int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
  DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET track_functions = ''all''', current_database()); END $$;`;

/** Columns of an answer's rows after the first (the name) that are not masked whole. */
function unmaskedCounts(result: CallResult): string[] {
  const rows = (result.structuredContent?.rows ?? []) as unknown[][];
  const open: string[] = [];
  for (const row of rows) for (const [i, cell] of row.entries()) if (i > 0 && !/^\[REDACTED:derived/.test(String(cell))) open.push(`column ${i + 1}: ${JSON.stringify(cell)}`);
  return open;
}

describe('statistics a call drove are masked whole when a later call reads them', () => {
  const { query, secrets } = maskingSuite(SETUP, 'default: allow\nrules: []\n', { threads: 0 });

  it(`masks the counts of all ${READ_STATISTICS.length + SAME_CALL_STATISTICS.length + STATISTICS_CHOSEN_BY_COUNTS.length} statistics reads after reads that drove them, and keeps the names`, async () => {
    for (const sql of DRIVE_STATISTICS) assert.equal((await query(sql)).isError, undefined, sql);
    const problems: string[] = [];
    for (const sql of [...READ_STATISTICS, ...SAME_CALL_STATISTICS, ...STATISTICS_CHOSEN_BY_COUNTS]) {
      const result = await query(sql);
      const rows = (result.structuredContent?.rows ?? []) as unknown[][];
      const found = leakIn(result, secrets());
      const open = unmaskedCounts(result);
      // A call of several statements shows each column as derived from every statement's (protection.ts): its names are masked too.
      const namesMasked = READ_STATISTICS.includes(sql) && rows.some((row) => /REDACTED/.test(String(row[0])));
      if (result.isError || rows.length === 0 || found || open.length > 0 || namesMasked) {
        problems.push(`${sql}\n    -> ${found ?? open.join(', ')} in ${JSON.stringify(result).slice(0, 400)}`);
      }
    }
    assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
  });

  it(`returns every one of the ${STATISTICS_DECOYS.length} DBA reads of statistics names unmasked`, async () => {
    const masked = await maskedDecoys(query, STATISTICS_DECOYS);
    assert.deepEqual(masked, [], masked.join('\n'));
  });
});

describe('the shipped policy and state left in tables', () => {
  const decisionOf = shippedDecision();

  before(() => postgresPack.init?.());

  it(`denies all ${LEFT_IN_TABLES.length} writes whose rows or row count protected columns chose, as copies, where the later reads pass`, () => {
    const passed = LEFT_IN_TABLES.filter((sql) => !decisionOf(sql).rules.some((r) => r.id === 'sql-deny-protected-copies'));
    assert.deepEqual(passed, []);
    for (const sql of LEFT_IN_TABLES) assert.equal(decisionOf(sql).effect, 'deny', sql);
    // What a later call reads of what they left is a plain read of tables no rule covers: the write is the wall.
    for (const sql of READ_BACK) assert.equal(decisionOf(sql).effect, 'allow', sql);
  });

  it(`denies none of the ${WRITE_DECOYS.length} writes chosen by lookups or unprotected columns, and allows DBA reads of statistics`, () => {
    assert.deepEqual(WRITE_DECOYS.filter((sql) => decisionOf(sql).effect === 'deny'), []);
    for (const sql of [...STATISTICS_DECOYS, ...READ_STATISTICS.slice(0, 2)]) assert.equal(decisionOf(sql).effect, 'allow', sql);
  });
});

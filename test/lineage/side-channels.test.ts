// Side channels of SQL results, end to end: a real gatehouse over stdio and a real PostgreSQL, under
// a policy that allows every call (writes, DO blocks and all), so masking alone must hold. Nothing
// the agent receives (cells, column and type names, command tags, row counts, error messages) may
// contain a protected value, reversed, base64, hex or md5, or any 6-character piece of one. The
// shipped policy sends range and membership oracles to a human; decoys come back unmasked.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { postgresPack } from '../../tools/postgres/index.ts';
import { leakIn, maskedDecoys, maskingSuite, shippedDecision } from './leak-check.ts';
import { NAMED_BY_THE_AGENT, RANGE_ORACLES, SIDE_CHANNEL_DECOYS, SUB_CLASSES } from './side-channels.ts';

// Fixed times and no notes: values the seed put in unprotected columns are not what is tested.
const SETUP = `
  UPDATE customers SET created_at = '2026-01-02 03:04:06+00';
  UPDATE orders SET created_at = '2026-01-02 03:04:06+00', note = NULL;
  CREATE TABLE scratch (id serial PRIMARY KEY, v text, k text UNIQUE, n int CHECK (n < 1000000));
  CREATE TABLE deferred_keys (k text UNIQUE DEFERRABLE INITIALLY DEFERRED);
  -- User code that writes where the statement calling it does not say: a function and a trigger.
  CREATE FUNCTION public.gh_stash() RETURNS int LANGUAGE plpgsql AS $$ BEGIN UPDATE orders SET note = (SELECT reverse(email) FROM customers WHERE id = 1) WHERE id = 6; RETURN 6; END $$;
  CREATE FUNCTION public.gh_stash_trigger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE orders SET note = (SELECT reverse(phone) FROM customers WHERE id = 1) WHERE id = 5; RETURN NEW; END $$;
  CREATE TABLE logged (v text);
  CREATE TRIGGER gh_logged AFTER INSERT ON logged FOR EACH ROW EXECUTE FUNCTION public.gh_stash_trigger();
  CREATE EXTENSION pg_trgm;`;

// Twice: classified in place, and on a worker thread (large SQL's path), whose lineage crosses threads.
for (const [where, largeInputs] of [['in place', { threads: 0 }], ['on a worker thread', { threads: 1, minChars: 1 }]] as const) describe(`masking holds against side channels of a result (classified ${where})`, () => {
  const { query, secrets } = maskingSuite(SETUP, 'default: allow\nrules: []\n', largeInputs);

  for (const [name, attacks] of Object.entries(SUB_CLASSES)) {
    it(`leaks nothing through ${name} (${attacks.length} calls)`, async () => {
      const leaks: string[] = [];
      let answered = 0;
      for (const sql of attacks) {
        const result = await query(sql);
        if (!result.isError) answered++;
        const found = leakIn(result, secrets());
        if (found) leaks.push(`${sql}\n    -> ${found} in ${JSON.stringify(result).slice(0, 400)}`);
      }
      assert.deepEqual(leaks, [], `${leaks.length} leaks:\n${leaks.join('\n')}`);
      // Outside the errors raised on purpose, masking must hold because answers are masked, not because calls failed.
      if (name !== 'errors') assert.ok(answered >= attacks.length * 0.75, `only ${answered} of ${attacks.length} ran`);
    });
  }

  it(`returns every one of the ${SIDE_CHANNEL_DECOYS.length} ordinary calls unmasked`, async () => {
    const masked = await maskedDecoys(query, SIDE_CHANNEL_DECOYS);
    assert.deepEqual(masked, [], masked.join('\n'));
  });

  it('keeps the column names the agent wrote where it withholds the others', async () => {
    const result = await query(NAMED_BY_THE_AGENT);
    const columns = (result.structuredContent?.columns ?? []) as Array<{ name: string }>;
    assert.deepEqual(columns.map((c) => c.name), ['alpha', 'beta'], JSON.stringify(result));
  });
});

describe('the shipped policy and range oracles', () => {
  const decisionOf = shippedDecision();

  before(() => postgresPack.init?.());

  it(`sends all ${RANGE_ORACLES.length} row comparisons, distinctness tests, many-guess lists and pattern matches to review`, () => {
    for (const sql of RANGE_ORACLES) {
      const decision = decisionOf(sql);
      assert.equal(decision.effect, 'review', sql);
      assert.ok(decision.rules.some((r) => r.id === 'sql-review-protected-oracles'), sql);
    }
  });
});

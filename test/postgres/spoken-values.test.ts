// A value in a free-text column no column rule names, turned into English number words by real SQL:
// PostgreSQL's cash_words spells a number as a quantity ("Five hundred thirty six million …
// dollars and zero cents"), over 100 its last two digits become cents, and nested replace() calls
// spell digits and pairs. The detectors alone guard it (spoken-numbers.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { suiteHarness, UNPROTECTED } from './pack-harness.ts';

const masker = createMasker(DEFAULT_PROFILE, { secretValues: [] });
const protection = UNPROTECTED;

/** The digits of the ticket's note, as a number. */
const DIGITS = "regexp_replace(notes, '\\D', '', 'g')::numeric";
/** The note with its value written instead as `spelled`: the words around it stay. */
const inPlace = (spelled: string, id: number) => `SELECT replace(notes, substring(notes from '\\(?[0-9][0-9 ()-]*[0-9]'), ${spelled}) FROM tickets WHERE id = ${id}`;

describe('a value in free text spelled as English number words by SQL', () => {
  const pack = suiteHarness(async (harness) => {
    await harness.db.query('CREATE TABLE tickets (id int PRIMARY KEY, kind text, notes text)');
    await harness.db.query(
      "INSERT INTO tickets VALUES (1, 'ssn', 'ssn 536-90-4417 on file'), (2, 'card', 'card 4539 1488 0343 6467 at the desk'), (3, 'phone', 'call (415) 555-2671 after five')",
    );
  });

  const attacks: ReadonlyArray<readonly [string, string, string]> = [
    ['ssn', 'cash_words', inPlace(`cash_words(${DIGITS}::money)`, 1)],
    ['ssn', 'cash_words over 100', inPlace(`cash_words((${DIGITS} / 100)::money)`, 1)],
    ['card', 'cash_words', inPlace(`cash_words(${DIGITS}::money)`, 2)],
    ['card', 'cash_words over 100', inPlace(`cash_words((${DIGITS} / 100)::money)`, 2)],
    ['card', 'cash_words, no word around it', `SELECT cash_words(${DIGITS}::money) FROM tickets WHERE id = 2`],
    ['phone', 'cash_words', inPlace(`cash_words(${DIGITS}::money)`, 3)],
    ['phone', 'cash_words over 100', inPlace(`cash_words((${DIGITS} / 100)::money)`, 3)],
    [
      'ssn',
      'digits as words, a digit said twice as "double"',
      inPlace(
        `regexp_replace(${Array.from({ length: 10 }).reduce<string>((sql, _, d) => `replace(${sql}, '${d}', ' ${['oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][d]}')`, "regexp_replace(notes, '\\D', '', 'g')")}, '( \\w+)\\1', ' double\\1', 'g')`,
        1,
      ),
    ],
  ];
  for (const [kind, form, sql] of attacks) {
    it(`redacts the ${kind}: ${form}`, async () => {
      const result = await pack().run(sql, { protection });
      assert.equal(result.rows.length, 1, sql);
      const spelled = String(result.rows[0]?.[0]);
      assert.doesNotMatch(spelled, /\d/, `the SQL spells it in words: ${spelled}`);
      masker.maskResult(result);
      const out = JSON.stringify(result.rows);
      assert.match(out, new RegExp(`\\[REDACTED:${kind}\\]`), out);
      assert.ok(!out.includes(spelled), out);
    });
  }

  it('redacts a value written as digit groups between scale words ("4 billion 155 million 552 thousand 671")', async () => {
    const groups = `format('%s billion %s million %s thousand %s', div(${DIGITS}, 1000000000), mod(div(${DIGITS}, 1000000), 1000), mod(div(${DIGITS}, 1000), 1000), mod(${DIGITS}, 1000))`;
    for (const [kind, id] of [['phone', 3], ['ssn', 1]] as const) {
      const result = await pack().run(inPlace(groups, id), { protection });
      const written = String(result.rows[0]?.[0]);
      assert.match(written, / million \d+ thousand /, written);
      masker.maskResult(result);
      const out = JSON.stringify(result.rows);
      assert.match(out, new RegExp(`\\[REDACTED:${kind}\\]`), out);
      assert.ok(!out.includes(written), out);
    }
  });

  it('leaves an honest amount in words as it is', async () => {
    const result = await pack().run("SELECT cash_words(12.99::money), cash_words(1250::money), 'twenty twenty four'", { protection });
    const before = JSON.stringify(result.rows);
    masker.maskResult(result);
    assert.equal(JSON.stringify(result.rows), before);
    assert.match(before, /Twelve dollars and ninety nine cents/);
  });
});

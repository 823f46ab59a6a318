// A value in a free-text column no column rule names, written by real SQL in a form a reader (or
// the agent) turns back at once: bytea as text, each character's code, one character an item, a
// tsvector's sorted words, a filler after every digit, an IBAN backwards. The detectors alone guard
// it (the reader's view: reader-view.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { suiteHarness, UNPROTECTED } from './pack-harness.ts';

const masker = createMasker(DEFAULT_PROFILE, { secretValues: [] });
const protection = UNPROTECTED;

/** Each character of the note, as `item` writes it, joined by `separator`. */
const perCharacter = (item: string, separator: string, id: number) =>
  `SELECT string_agg(${item}, '${separator}' ORDER BY n) FROM notes, regexp_split_to_table(body, '') WITH ORDINALITY AS t(ch, n) WHERE id = ${id}`;

describe('a value in free text written by SQL in a form a reader turns back', () => {
  const pack = suiteHarness(async (harness) => {
    await harness.db.query('CREATE TABLE notes (id int PRIMARY KEY, kind text, body text)');
    await harness.db.query(
      "INSERT INTO notes VALUES (1, 'email', 'ada.lovelace@example.com'), (2, 'ssn', 'ssn 536-90-4417'), (3, 'card', 'card 4539 1488 0343 6467'), (4, 'iban', 'DE89 3704 0044 0532 0130 00')",
    );
  });

  const attacks: ReadonlyArray<readonly [string, string, string]> = [
    ['email', 'bytea as text', "SELECT convert_to(body, 'UTF8')::text FROM notes WHERE id = 1"],
    ['ssn', 'bytea as text', "SELECT convert_to(body, 'UTF8')::text FROM notes WHERE id = 2"],
    ['email', 'ascii() codes listed', perCharacter('ascii(ch)::text', ',', 1)],
    ['card', 'ascii() codes in an array', "SELECT array_agg(ascii(ch) ORDER BY n)::text FROM notes, regexp_split_to_table(body, '') WITH ORDINALITY AS t(ch, n) WHERE id = 3"],
    ['ssn', 'ascii() codes in JSON', "SELECT json_agg(ascii(ch) ORDER BY n)::text FROM notes, regexp_split_to_table(body, '') WITH ORDINALITY AS t(ch, n) WHERE id = 2"],
    ['email', 'hex codes', perCharacter('to_hex(ascii(ch))', ' ', 1)],
    ['ssn', 'binary codes', perCharacter('ascii(ch)::bit(8)::text', ' ', 2)],
    ['card', 'each character after its place, the blanks bare', perCharacter("n || ':' || ch", ' ', 3)],
    ['email', 'chr() calls', perCharacter("'chr(' || ascii(ch) || ')'", '||', 1)],
    ['email', 'one character an item', "SELECT regexp_split_to_array(body, '')::text FROM notes WHERE id = 1"],
    ['ssn', 'one character an item', "SELECT regexp_split_to_array(body, '')::text FROM notes WHERE id = 2"],
    ['card', 'to_tsvector', "SELECT to_tsvector('simple', body)::text FROM notes WHERE id = 3"],
    ['ssn', 'to_tsvector', "SELECT to_tsvector('simple', body)::text FROM notes WHERE id = 2"],
    ['ssn', 'a filler after every digit', "SELECT regexp_replace(body, '(\\d)', '\\1x', 'g') FROM notes WHERE id = 2"],
    ['card', 'a word between digits', "SELECT regexp_replace(body, '(\\d)(?=\\d)', '\\1 and ', 'g') FROM notes WHERE id = 3"],
    ['iban', 'backwards', 'SELECT reverse(body) FROM notes WHERE id = 4'],
    ['email', 'a dot between every two characters', perCharacter('ch', '.', 1)],
    ['ssn', 'a blank after every character', "SELECT regexp_replace(body, '(.)', '\\1 ', 'g') FROM notes WHERE id = 2"],
    ['ssn', 'a line a character, in one cell', perCharacter('ch', '\n', 2)],
    ['ssn', 'three characters a line, in one cell', "SELECT regexp_replace(body, '(.{3})', '\\1' || chr(10), 'g') FROM notes WHERE id = 2"],
    ['email', 'each character after its place, shuffled', "SELECT string_agg(n || '=' || ch, ', ' ORDER BY md5(n::text)) FROM notes, regexp_split_to_table(body, '') WITH ORDINALITY AS t(ch, n) WHERE id = 1"],
    ['email', 'json_object_agg of places, shuffled', "SELECT json_object_agg(n, ch ORDER BY md5(n::text))::text FROM notes, regexp_split_to_table(body, '') WITH ORDINALITY AS t(ch, n) WHERE id = 1"],
  ];
  it('redacts a value split one character a row (regexp_split_to_table) or an element (regexp_split_to_array), or cut into pieces side by side', async () => {
    for (const [id, kind, sql] of [
      [1, 'email', "SELECT ch FROM notes, regexp_split_to_table(body, '') WITH ORDINALITY AS t(ch, n) WHERE id = 1 ORDER BY n"],
      [4, 'iban', "SELECT ch FROM notes, regexp_split_to_table(body, '') WITH ORDINALITY AS t(ch, n) WHERE id = 4 ORDER BY n"],
      [1, 'email', "SELECT regexp_split_to_array(body, '') FROM notes WHERE id = 1"],
      // cut into pieces side by side: a column each, or an array's elements
      [1, 'email', "SELECT split_part(body, '@', 1), '@', split_part(body, '@', 2) FROM notes WHERE id = 1"],
      [4, 'iban', "SELECT regexp_split_to_array(body, ' ') FROM notes WHERE id = 4"],
    ] as const) {
      const result = await pack().run(sql, { protection });
      const written = JSON.stringify(result.rows);
      const summary = masker.maskResult(result);
      const out = JSON.stringify(result.rows);
      assert.ok(Object.keys(summary.counts).some((key) => key.endsWith(`detector:${kind}`)), `${sql}: ${written} -> ${out}`);
      assert.ok(!out.includes('"v"') && !out.includes('"7"'), `row ${id}: ${out}`);
    }
  });

  it('redacts a value split a character or a piece a row beside its place, the rows shuffled', async () => {
    for (const [kind, sql, core] of [
      ['email', "SELECT n, ch FROM notes, regexp_split_to_table(body, '') WITH ORDINALITY AS t(ch, n) WHERE id = 1 ORDER BY md5(n::text)", 'lovelace'],
      ['email', "SELECT ch, n FROM notes, regexp_split_to_table(body, '') WITH ORDINALITY AS t(ch, n) WHERE id = 1 ORDER BY md5(n::text)", 'lovelace'],
      ['email', 'SELECT g, substr(body, g * 3 - 2, 3) FROM notes, generate_series(1, 8) AS g WHERE id = 1 ORDER BY md5(g::text)', 'lovelace'],
      ['iban', "SELECT g, split_part(body, ' ', g) FROM notes, generate_series(1, 6) AS g WHERE id = 4 ORDER BY md5(g::text)", '37040044'],
    ] as const) {
      const result = await pack().run(sql, { protection });
      const summary = masker.maskResult(result);
      const place = ['n', 'g'].includes(result.columns[0]?.name ?? '') ? 0 : 1;
      const readBack = [...result.rows].sort((a, b) => Number(a[place]) - Number(b[place])).map((row) => String(row[1 - place] ?? '')).join('');
      assert.ok(Object.keys(summary.counts).some((key) => key.endsWith(`detector:${kind}`)), `${sql}: ${JSON.stringify(result.rows)}`);
      assert.ok(!readBack.replace(/[^A-Za-z0-9]/g, '').includes(core), `${sql}: reads back ${readBack}`);
    }
  });

  for (const [kind, form, sql] of attacks) {
    it(`redacts the ${kind}: ${form}`, async () => {
      const result = await pack().run(sql, { protection });
      assert.equal(result.rows.length, 1, sql);
      const written = String(result.rows[0]?.[0]);
      masker.maskResult(result);
      const out = JSON.stringify(result.rows);
      assert.match(out, new RegExp(`\\[REDACTED:${kind}\\]`), `${written} -> ${out}`);
    });
  }
});

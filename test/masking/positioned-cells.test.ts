// Attack corpus: a value split over rows with each piece's place beside it, in any order:
// `SELECT n, ch FROM regexp_split_to_table(v, '') WITH ORDINALITY AS t(ch, n) ORDER BY random()`,
// or `SELECT g, substr(v, g * 3 - 2, 3) FROM generate_series(1, 10) g`. The agent sorts the rows
// back by the place; a reader of the rows as they came sees letters in no order. Decoys: ids beside
// flags, codes and grades must come back as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import type { TableResult } from '../../src/pipeline/result.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

/** The same shuffle every run: a fixed permutation of the places. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1, seed = 7; i > 0; i--) {
    seed = (seed * 48271) % 2147483647;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Each piece as a row beside its place (from `first`), in shuffled order unless `inOrder`. */
function placed(pieces: readonly string[], options: { first?: number; placeAfter?: boolean; asText?: boolean; inOrder?: boolean } = {}): TableResult {
  const { first = 1, placeAfter = false, asText = false, inOrder = false } = options;
  const rows = pieces.map((piece, i) => [asText ? String(first + i) : first + i, piece] as [unknown, string]);
  const ordered = inOrder ? rows : shuffled(rows);
  const columns = [{ name: 'n', type: asText ? 'int8' : 'int4' }, { name: 'piece', type: 'text' }];
  return {
    kind: 'table',
    command: 'SELECT',
    rowCount: rows.length,
    columns: placeAfter ? [...columns].reverse() : columns,
    rows: ordered.map(([place, piece]) => (placeAfter ? [piece, place] : [place, piece])),
  };
}

const chunks = (value: string, size: number) => value.match(new RegExp(`[^]{1,${size}}`, 'g')) as string[];

/** What the piece column shows read back in the order of the places: the leak an agent would read. */
function readBack(result: TableResult): string {
  const placeColumn = result.columns[0]?.name === 'n' ? 0 : 1;
  const sorted = [...result.rows].sort((a, b) => Number(a[placeColumn]) - Number(b[placeColumn]));
  return sorted.map((row) => String(row[1 - placeColumn] ?? '')).join('');
}

const EMAIL = 'ada.lovelace@example.com';
const attacks: ReadonlyArray<readonly [string, string, () => TableResult, string]> = [
  ['email', 'a character a row, shuffled', () => placed([...EMAIL]), 'lovelace'],
  ['email', 'a character a row, shuffled, the place after it', () => placed([...EMAIL], { placeAfter: true }), 'lovelace'],
  ['email', 'a character a row, shuffled, places from 0 as text (bigint)', () => placed([...EMAIL], { first: 0, asText: true }), 'lovelace'],
  ['email', 'three characters a row, shuffled', () => placed(chunks(EMAIL, 3)), 'lovelace'],
  ['email', 'three characters a row, in order', () => placed(chunks(EMAIL, 3), { inOrder: true }), 'lovelace'],
  ['ssn', 'a character a row, shuffled', () => placed([...'ssn 536-90-4417']), '904417'],
  ['iban', 'a group a row, shuffled', () => placed('DE89 3704 0044 0532 0130 00'.split(' ')), '37040044'],
  ['card', 'a group a row, shuffled, after its name', () => placed(['card', ...'4539 1488 0343 6467'.split(' ')]), '14880343'],
  ['aws_access_key', 'four characters a row, shuffled', () => placed(chunks('AKIAIOSFODNN7EXAMPLE', 4)), 'IOSFODNN'],
];

describe('attack corpus: a value split over rows, each piece beside its place', () => {
  for (const [detector, form, result, core] of attacks) {
    it(`masks the ${detector}: ${form}`, () => {
      const table = result();
      const summary = defaults.maskResult(table);
      const counted = Object.keys(summary.counts).some((key) => key.endsWith(`detector:${detector}`));
      const shown = readBack(table);
      assert.ok(counted && !shown.replace(/[^A-Za-z0-9]/g, '').includes(core), `${detector}: ${JSON.stringify(table.rows)} reads back ${shown}`);
    });
  }
});

describe('places beside cells that spell no value', () => {
  const decoys: ReadonlyArray<readonly [string, () => TableResult]> = [
    ['flags beside ids, shuffled', () => placed(['Y', 'N', 'Y', 'Y', 'N', 'N', 'Y', 'N', 'Y', 'Y'])],
    ['country codes beside ranks', () => placed(['DE', 'FR', 'US', 'GB', 'NL', 'CH', 'AT'])],
    ['grades beside ids, in order', () => placed(['A', 'B', 'A', 'C', 'B', 'A', 'F', 'B'], { inOrder: true })],
    ['words beside ids', () => placed(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'])],
  ];
  for (const [form, result] of decoys) {
    it(`leaves them as they are: ${form}`, () => {
      const table = result();
      const before = JSON.stringify(table.rows);
      defaults.maskResult(table);
      assert.equal(JSON.stringify(table.rows), before);
    });
  }
});

/** Each character of `value` written after its place, `pair` joining them, in shuffled order unless `inOrder`. */
function placedText(value: string, pair: (place: number, char: string) => string, between: string, inOrder = false): string {
  const pairs = [...value].map((char, i) => pair(i + 1, char));
  return (inOrder ? pairs : shuffled(pairs)).join(between);
}

const inText: ReadonlyArray<readonly [string, string, string]> = [
  ['email', 'place:character, in order', placedText(EMAIL, (n, c) => `${n}:${c}`, ' ', true)],
  ['email', 'place=character, shuffled', placedText(EMAIL, (n, c) => `${n}=${c}`, ', ')],
  ['email', 'a JSON object of places, shuffled', `{ ${placedText(EMAIL, (n, c) => `"${n}" : "${c}"`, ', ')} }`],
  ['email', 'place -> character, a line each, shuffled', placedText(EMAIL, (n, c) => `${n} -> ${c}`, '\n')],
  ['ssn', 'place:character, shuffled', placedText('ssn 536-90-4417', (n, c) => `${n}:'${c}'`, ' ')],
  ['card', 'place=digit, shuffled, no name', placedText('4539148803436467', (n, c) => `${n}=${c}`, '; ')],
  ['card', 'place:character, in order, the blanks bare', placedText('card 4539 1488 0343 6467', (n, c) => `${n}:${c}`, ' ', true)],
  ['ssn', 'place=character, shuffled, the blank bare', placedText('ssn 536-90-4417', (n, c) => `${n}=${c}`, ', ')],
];

describe('attack corpus: a value written a character at a time after its place, in any order', () => {
  for (const [detector, form, text] of inText) {
    it(`masks the ${detector}: ${form}`, () => {
      const counts: Record<string, number> = {};
      const out = defaults.maskText(text, counts);
      assert.ok(Object.keys(counts).some((key) => key.endsWith(`detector:${detector}`)), `${detector}: ${text} -> ${out}`);
      // The run is redacted whole: no pair is left to sort back.
      assert.ok(out.length < text.length / 3, out);
    });
  }

  it('reads a run of more pairs than a call takes arguments, not failing the mask', () => {
    // Places repeat, so the run is no range and spells nothing: it comes back as it is.
    const text = Array.from({ length: 200_000 }, (_, i) => `${i % 99_999}:a`).join(' ');
    assert.equal(defaults.maskText(text), text);
  });

  it('leaves times, scores and numbered answers as they are', () => {
    for (const text of ['10:30, 11:45, 12:15, 13:00, 14:30, 15:45, 16:00', 'round 1:0 2:1 3:3 4:2 5:0 6:1', 'answers 1=a 2=c 3=b 4=d 5=a 6=b 7=c', 'v=1.2 w=3 x=4 y=5 z=6 u=7']) {
      assert.equal(defaults.maskText(text), text);
    }
  });
});

/** The pieces as a JSON array of objects, each piece beside its place, shuffled: json_agg of the rows. */
function placedDocument(pieces: readonly string[], keys: readonly [string, string] = ['n', 'ch']): TableResult {
  const objects = shuffled(pieces.map((piece, i) => ({ [keys[0]]: i + 1, [keys[1]]: piece })));
  return { kind: 'table', command: 'SELECT', rowCount: 1, columns: [{ name: 'json_agg', type: 'json' }], rows: [[objects]] };
}

describe('attack corpus: a value split over a JSON array of objects, each piece beside its place', () => {
  const documents: ReadonlyArray<readonly [string, string, () => TableResult, string]> = [
    ['email', 'a character an object, shuffled', () => placedDocument([...EMAIL]), 'lovelace'],
    ['email', 'three characters an object, shuffled, other names', () => placedDocument(chunks(EMAIL, 3), ['pos', 'piece']), 'lovelace'],
    ['ssn', 'a character an object, in order of the places', () => ({ ...placedDocument([]), rows: [[[...'ssn 536-90-4417'].map((ch, i) => ({ n: i + 1, ch }))]] }), '904417'],
  ];
  for (const [detector, form, result, core] of documents) {
    it(`masks the ${detector}: ${form}`, () => {
      const table = result();
      const summary = defaults.maskResult(table);
      // Read back as the agent would: sorted by the place (the first key), the piece (the second) joined.
      const objects = (table.rows[0]?.[0] as Array<Record<string, unknown>>).map((o) => Object.values(o));
      const shown = objects.sort((a, b) => Number(a[0]) - Number(b[0])).map((o) => String(o[1] ?? '')).join('');
      assert.ok(Object.keys(summary.counts).some((key) => key.endsWith(`detector:${detector}`)) && !shown.replace(/[^A-Za-z0-9]/g, '').includes(core), `${detector}: ${shown}`);
    });
  }
});

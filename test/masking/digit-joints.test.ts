// Attack corpus: the digit groups of a card, an SSN or a phone number joined by marks a reader
// reads past (";", a JSON array's '","', a list's "', '", brackets, symbols, spaced marks,
// mathematical dots, full-width semicolons) and addresses written with quoted-printable's "=XX".
// Each is checked in free text and in a table cell; the decoys (numbers that are lists, times,
// addresses, versions, amounts, hashes, and "=" in queries and code) must come back as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { inCell, inText, leaksThrough, type Channel, type LeakCase } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

/** Joints a reader reads past between digit groups, none of them a separator the digit detectors read as written. */
const JOINTS = [
  ';', '","', "', '", '], [', '}{', ') (', '~', '^', '*', '#', '!', '?', '&', '=', '<', '>', '`', '@', '$', '%', "'", '"',
  ' ; ', '  ;  ', '::', ';;', '" , "', '∙', '⋅', '；', '→', '★', '🔥', '"],["', '",\n  "',
  // Characters no font gives a meaning: noncharacters (U+FFFF, U+FDD0, U+10FFFF), private use (U+E000, U+F8FF), unassigned (U+0378).
  '\uffff', '\ufdd0', '\u{10ffff}', '\ue000', '\uf8ff', '\u0378',
];

const cases: readonly LeakCase[] = [
  ...JOINTS.map((j): LeakCase => ['card', `card 4111${j}1111${j}1111${j}1111`, `1111${j}1111`]),
  ...JOINTS.map((j): LeakCase => ['card', `4111${j}1111${j}1111${j}1111`, `1111${j}1111`]),
  ...JOINTS.map((j): LeakCase => ['ssn', `ssn 536${j}90${j}4417`, '4417']),
  ...JOINTS.map((j): LeakCase => ['phone', `phone 415${j}555${j}2671`, '2671']),
  ['card', 'card 4111 1111 1111;1111', '1111;1111'],
  ['card', 'card 4111-1111-1111~1111', '1111~1111'],
  ['card', 'cards ["4111","1111","1111","1111"]', '"1111","1111"'],
  ['card', "cards ('4111', '1111', '1111', '1111')", "'1111', '1111'"],
  ['card', 'row 4111;1111;1111;1111;12;27', '1111;1111'],
  ['ssn', 'ssn 536 90;4417', '4417'],
  ['ssn', 'id 536;90;4417', '4417'],
  ['phone', 'call 415;555;2671 or 415;555;2672', '2672'],
  ['phone', 'tel +1;415;555;2671', '2671'],
  ['email', 'mail: ada=40example.com', 'ada'],
  ['email', 'ada=40example=2Ecom', 'ada'],
  ['email', 'to=ada.lovelace=40example.com', 'lovelace'],
  ['email', 'ada=3D40example.com', 'ada'],
  ['email', 'mail ada@example=2Ecom', 'ada'],
  ['card', 'card 4222=2222=2226=3D', '2222=2226'],
  ['card', 'card ٤١١١;١١١١;١١١١;١١١١', '١١١١;١١١١'],
  ['card', 'card ４１１１；１１１１；１１１１；１１１１', '１１１１；１１１１'],
];

const asText = inText(defaults);
const asCell = inCell(defaults);
const leaks = (channel: Channel): string[] => leaksThrough(channel, cases);

const decoys = [
  // Lists and rows of ordinary numbers, with commas and with semicolons.
  'id,qty,price\n1042,3,19.99\n1043,12,4.50\n1045,2,7.25',
  'id;qty;price\n1042;3;19,99\n1043;12;4,50\n1044;7;120,00',
  '12;345;67;10 and 2024;15;3;8',
  '1;2;3;4 and 1;2;3;4;5;6;7;8',
  'counts: 1042; 3; 1999; 2024; 17; 88',
  '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]',
  '{"ids":[101,202,303,404,505,606]}',
  '["1","2","3","4","5","6","7","8"]',
  // Times, dates and durations.
  'at 2024-05-01T12:34:56.789+02:00 and 2024-05-01 12:34:56,789',
  '2024-05-01;12:34:56;200;1532\n2024-05-02;08:00:01;404;17',
  'from 2024-05-01/2024-06-30, took 00:01:23.456; then 12:34:56 ~ 12:35:07',
  'logged 10:45:31:123 and 23:59:59.999999',
  // Addresses.
  'hosts 192.168.100.200:8080; 10.0.0.1:5432; 172.16.254.1:443',
  'dns 2606:4700:4700::1111 and 2001:4860:4860::8888 and 2001:4860:4860:0:0:0:0:8888',
  'peers 10.0.0.1;10.0.0.2;10.0.0.3;10.0.0.4',
  // Versions, ids, amounts, coordinates.
  'versions 1.22.3;2.0.14;10.4.2 and v1.2.3+build.45, node@20.11.1',
  'orders #1042 #1043 #1044, ORD#2024#000123, ticket 2024~0001~4417',
  'paid $1,234.56; $99.00; $4,500.00 and €12,50 – €7,99',
  'points 52.5200;13.4050 and [52.52, 13.405], [48.8566, 2.3522]',
  'ratio 16:9, 4:3; scale 1:2:3:4; odds 100:1',
  'sum 1+2+3+4+5 = 15; 100*200*300 = 6000000',
  // Hashes and UUIDs.
  'trace 550e8400-e29b-41d4-a716-446655440000; 6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  'commit 3f786850e387550fdab836ed7e6dc881de23001b; sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  // "=" in queries, code and base64, and percent signs.
  'GET /search?x=40&y=2&page=41 HTTP/1.1',
  'if (x=3D) { width=40; height=2E; } limit=3000&offset=4500',
  'key: YWJjZGVmZ2hpamtsbW5vcA== and dGVzdA==',
  'a=40 b=41 c=42, 50%40 off, 100%25 sure',
];

/** Rows whose digits a detector reads with commas between them: joined by any other mark, they read the same. */
const LISTS = [
  '12,345,6789,10',
  '2024,15,300,8',
  '[1,2,3,4,5,6,7,8,9,10]',
  '1042,3,19,99,1043,12,4,50',
  'ssn 536,90,4417',
  '415,555,2671',
  '4111,1111,1111,1111',
  '192,168,100,200,8080',
];

describe('attack corpus: digit groups joined by any short run of marks, and quoted-printable escapes', () => {
  it('masks each value in free text, with the detector that owns it', () => {
    assert.deepEqual(leaks(asText), []);
  });

  it('masks each value in a table cell', () => {
    assert.deepEqual(leaks(asCell), []);
  });

  it('leaves lists, times, addresses, versions, amounts, hashes and "=" in code as they are', () => {
    const changed = decoys.map((text) => [text, defaults.maskText(text)]).filter(([text, out]) => text !== out);
    assert.deepEqual(changed, []);
  });

  it('masks a row joined by any mark exactly as the same row joined by commas', () => {
    const differ: string[] = [];
    for (const row of LISTS) {
      const withCommas = defaults.maskText(row);
      for (const joint of [';', '; ', '","', '~', '∙', ' | ']) {
        const out = defaults.maskText(row.replaceAll(',', joint));
        if (out.replaceAll(joint, ',') !== withCommas) differ.push(`${JSON.stringify(row)} with ${JSON.stringify(joint)}: ${JSON.stringify(out)} vs ${JSON.stringify(withCommas)}`);
      }
    }
    assert.deepEqual(differ, []);
  });

  it('leaves the same decoys as they are in a table cell', () => {
    const changed = decoys.map((text) => [text, asCell(text).text]).filter(([text, out]) => text !== out);
    assert.deepEqual(changed, []);
  });
});

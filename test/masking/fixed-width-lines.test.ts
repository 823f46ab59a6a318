// Attack corpus: a value cut into lines of one width in one text, as SQL writes it with
// regexp_replace(v, '(.{3})', '\1' || chr(10), 'g') or a program wrapping at a column: "ss\nn \n53\n…",
// "key AKIAIO\nSFODNN7EXA\nMPLE". The blanks inside the pieces keep them apart for a pattern; a reader
// reads the lines on. Each row is checked in free text and in a table cell; the decoys (text tables,
// lists, code, a poem) must come back as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { inCell, inText, leaksThrough, type LeakCase } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

/** `value` cut into lines of `width` characters. */
const lines = (value: string, width: number) => (value.match(new RegExp(`[^]{1,${width}}`, 'g')) as string[]).join('\n');

const cut: readonly LeakCase[] = [
  ['ssn', lines('ssn 536-90-4417', 2), '41\n7', 'two a line/ssn'],
  ['ssn', lines('ssn 536-90-4417', 3), '0-4\n417', 'three a line/ssn'],
  ['aws_access_key', lines('key AKIAIOSFODNN7EXAMPLE', 2), 'IO\nSF', 'two a line/key'],
  ['aws_access_key', lines('key AKIAIOSFODNN7EXAMPLE', 3), 'OSF\nODN', 'three a line/key'],
  ['aws_access_key', lines('key AKIAIOSFODNN7EXAMPLE', 4), 'IOSF\nODNN', 'four a line/key'],
  ['aws_access_key', lines('key AKIAIOSFODNN7EXAMPLE', 5), 'SFODN\nN7EXA', 'five a line/key'],
  ['aws_access_key', lines('key AKIAIOSFODNN7EXAMPLE', 10), 'SFODNN7EXA', 'ten a line/key'],
  ['aws_access_key', lines('key AKIAIOSFODNN7EXAMPLE', 8).replace(/\n/g, '\r\n'), 'IOSFODNN', 'eight a line, CRLF/key'],
  ['card', lines('card 4539 1488 0343 6467', 3), '034\n3 6', 'three a line/card'],
];

const decoys: readonly string[] = [
  'id | name\n 1 | ada \n 2 | bob \n 3 | eve ',
  'yes\nno\nyes\nno',
  '}\n}\n}\n',
  'roses are red\nviolets are blue',
  'abc\ndef\nghi\njkl',
  'GET /a 200\nGET /b 404\nGET /c 200',
];

describe('attack corpus: a value cut into lines of one width', () => {
  it('masks each value in free text', () => {
    assert.deepEqual(leaksThrough(inText(defaults), cut), []);
  });

  it('masks each value in a table cell', () => {
    assert.deepEqual(leaksThrough(inCell(defaults), cut), []);
  });

  it('leaves text tables, lists, code and verse as they are', () => {
    const changed = decoys.map((text) => [text, defaults.maskText(text)]).filter(([text, out]) => text !== out);
    assert.deepEqual(changed, []);
  });
});

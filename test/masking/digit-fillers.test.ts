// Attack corpus: a value whose digits have the same filler between every two of them, as SQL writes
// with one regexp_replace(value, '(\d)', '\1x', 'g'): "5x3x6x-9x0x-4x4x1x7x", "4 and 5 and 3 …",
// "536abc90abc4417". A reader skips the filler at once. Each row is checked in free text and in a
// table cell; the decoys (dimensions, timestamps, ids, scores, versions, counted lists) must come
// back as they are. Known and kept: hex letters between groups of several digits ("536abc90abc4417")
// are read as a hex id, as they are far more often; between every two digits they are a filler.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { inCell, inText, leaksThrough, type LeakCase } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

const fillers: readonly LeakCase[] = [
  ['ssn', 'ssn 5x3x6x-9x0x-4x4x1x7x on file', '4x4x1x7', 'a letter after every digit/ssn'],
  ['ssn', 'ssn x5x3x6x9x0x4x4x1x7', 'x4x4x1x7', 'a letter before every digit/ssn'],
  ['ssn', 'ssn 536xyz90xyz4417', 'xyz4417', 'a word between groups/ssn'],
  ['ssn', 'ssn 5a3a6a-9a0a-4a4a1a7a', '4a4a1a7', 'a hex letter between every two digits/ssn'],
  ['ssn', 'ssn 5д3д6д9д0д4д4д1д7', 'д4д4д1д7', 'a Cyrillic letter/ssn'],
  ['ssn', 'ssn 536 then 90 then 4417', 'then 4417', 'a word with spaces between groups/ssn'],
  ['ssn', 'ssn 5, then 3, then 6, then 9, then 0, then 4, then 4, then 1, then 7', 'then 1, then 7', 'a word and commas between digits/ssn'],
  ['card', 'card 4 and 5 and 3 and 9 and  1 and 4 and 8 and 8 and  0 and 3 and 4 and 3 and  6 and 4 and 6 and 7', 'and 1 and 4 and 8', 'a word between digits, groups by wider spaces/card'],
  ['card', 'card 4539zz1488zz0343zz6467', 'zz1488zz0343', 'letters between groups/card'],
  ['card', 'card 4😀5😀3😀9😀1😀4😀8😀8😀0😀3😀4😀3😀6😀4😀6😀7', '1😀4😀8😀8', 'an emoji between digits/card'],
  ['card', 'card 4#5#3#9 1#4#8#8 0#3#4#3 6#4#6#7', '1#4#8#8', 'a mark between digits, spaces between groups/card'],
  ['card', 'card 4539<>1488<>0343<>6467', '1488<>0343', 'brackets between groups/card'],
  ['phone', 'call (4x1x5) 5x5x5-2x6x7x1', '2x6x7x1', 'a letter between digits, the groups marked/phone'],
  ['phone', 'call 4•1•5•5•5•5•2•6•7•1', '2•6•7•1', 'a bullet between digits/phone'],
  ['iban', 'iban DE89 3x7x0x4 0x0x4x4 0x5x3x2 0x1x3x0 0x0', '0x5x3x2', 'a letter between digits/iban'],
  ['ssn', 'ssn 5  --  fillerxy  --  3  --  fillerxy  --  6  --  fillerxy  --  9  --  fillerxy  --  0  --  fillerxy  --  4  --  fillerxy  --  4  --  fillerxy  --  1  --  fillerxy  --  7', 'fillerxy  --  1', 'the longest filler with the most marks about it/ssn'],
];

const decoys: readonly string[] = [
  'screen 1920x1080 and 2560x1440, tile 64x64x64',
  'box 12x34x56 cm, crate 120x80x90 cm',
  'at 2026-12-07T10:30:45Z and 2026-12-07T11:30:45Z',
  'score 3-2, 4-1 and 2-0',
  'version 1.2.3 then 1.2.4 then 1.3.0',
  'rooms 101 and 102 and 103',
  'steps 1a 2a 3a 4a',
  'sizes S M L XL, 1x 2x 3x 4x',
  'v1b2c3d4e5f6 build 7g8h9',
  // hex letters between groups of digits are read as hex: a hex id keeps its shape
  'TRACE 73278A4A-8696-0EEB-576A-8FD4C9EC6997',
  'blob 3c65c2917a4a2a9c1c6c5c0',
  'ref 1x2x3 trace 73278A4A-8696-0EEB-576A-8FD4C9EC6997',
  'ref 1x2x3 build 4111a1111a1111a1111',
  'order 12345678 shipped in box 87654321',
  'matrix 3x3, 4x4, 5x5, 6x6',
  'page 1 of 2 of 3 of 4',
];

describe('attack corpus: digits with the same filler between every two of them', () => {
  it('masks each value in free text', () => {
    assert.deepEqual(leaksThrough(inText(defaults), fillers), []);
  });

  it('masks each value in a table cell', () => {
    assert.deepEqual(leaksThrough(inCell(defaults), fillers), []);
  });

  it('leaves dimensions, timestamps, scores, versions, ids and counted lists as they are', () => {
    const changed = decoys.map((text) => [text, defaults.maskText(text)]).filter(([text, out]) => text !== out);
    assert.deepEqual(changed, []);
  });
});

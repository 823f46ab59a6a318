// Offsets between the parser's units (UTF-8 bytes, code points) and JavaScript's UTF-16 indexes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codePointToIndex, SourceText } from '../../tools/postgres/classify/source-text.ts';

describe('source text offsets', () => {
  it('turns a code point offset into a UTF-16 index, a pair of surrogates counting as one code point', () => {
    assert.equal(codePointToIndex('ab', 1), 1);
    assert.equal(codePointToIndex('😀b', 1), 2);
    assert.equal(codePointToIndex('😀b', 2), 3);
  });

  it('clamps an offset past the end to the length of the text', () => {
    assert.equal(codePointToIndex('ab', 5), 2);
    assert.equal(codePointToIndex('😀', 3), 2);
    assert.equal(codePointToIndex('', 1), 0);
  });

  it('counts a lone high surrogate at the end as one unit', () => {
    assert.equal(codePointToIndex('a\ud83d', 2), 2);
  });

  it('slices by UTF-8 byte offsets, in ASCII and in other text', () => {
    assert.equal(new SourceText('SELECT 1; SELECT 2').sliceBytes(0, 8), 'SELECT 1');
    const text = new SourceText("SELECT 'é'; SELECT 2");
    assert.equal(text.sliceBytes(0, 11), "SELECT 'é'");
    assert.equal(text.sliceBytes(13), 'SELECT 2');
  });
});

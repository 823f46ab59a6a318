// Attack corpus: values an agent shaped in SQL or shell so a detector would miss them, then reads
// anyway (`email || '123'`, `translate(ssn, '0123456789', '０１２３４５６７８９')`,
// `replace(ssn, '-', '–')`). Each case must come out with the value gone; ordinary text beside
// them must come out as it went in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { mask, onlyDetectors } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

describe('attack corpus: emails glued to other text', () => {
  const partial = onlyDetectors(['email']);
  const redact = onlyDetectors(['email'], { detectors: { email: { style: 'redact' } } });
  const glued = [
    'lovelace@example.com123',
    'lovelace@example.comXYZ',
    'lovelace@example.com_1',
    'lovelace@example.com-1',
    'lovelace@example.com.123',
    'lovelace@example.com-\nx',
    'lovelace@example.com.\n1',
    `lovelace@example.com${'x'.repeat(240)}`,
    `lovelace@example.com${'x'.repeat(400)}`,
    `lovelace@example.com${'1'.repeat(300)}`,
    '123lovelace@example.com',
    'x..lovelace@example.com',
    'x.-.lovelace@example.com',
    `${'y'.repeat(300)}lovelace@example.com`,
    'lovelace@example.combob@example.com',
    'lovelace@example.com123bob@example.net',
    'row: lovelace@example.com123, next',
    'lovelace@example.com１２３',
    'lovelace＠example．com123',
  ];

  for (const [name, masker] of [
    ['partial', partial],
    ['redact', redact],
    ['default profile', defaults],
  ] as const) {
    it(`masks the address whatever is glued to it (${name})`, () => {
      const leaks: string[] = [];
      for (const text of glued) {
        const out = mask(masker, text);
        if (/lovelace|ｌｏｖｅｌａｃｅ/i.test(out.text) || /bob/.test(out.text) || !out.counts['detector:email']) {
          leaks.push(`${JSON.stringify(text.slice(0, 60))} -> ${JSON.stringify(out.text.slice(0, 60))}`);
        }
      }
      assert.deepEqual(leaks, []);
    });
  }

  it('keeps the address its own in the partial style, and the text glued to it', () => {
    assert.equal(mask(partial, 'ada@example.com123').text, 'a***@example.com123');
    assert.equal(mask(partial, 'ada@example.com-1').text, 'a***@example.com-1');
    assert.equal(mask(partial, 'ada@example.com.123').text, 'a***@example.com.123');
    assert.equal(mask(partial, 'x..ada@example.com').text, 'x..a***@example.com');
  });

  it('leaves what is no address', () => {
    for (const decoy of ['pkg@1.2.3', 'user@localhost', 'ops@10.0.0.5', 'a@b', 'x@y.1', 'see @example.com123', '@types/node@20.1.0', 'v1.2.3@4.5.6']) {
      assert.equal(mask(partial, decoy).text, decoy, decoy);
    }
  });
});

// Right-to-left letters (Hebrew, Arabic and the other scripts written right to left) reorder the
// text around them on any screen that follows the Unicode bidi algorithm (browsers, Slack, bidi
// terminals), with no bidi control in sight: the spaces, digits and punctuation between two of
// them take their direction, so `id = 5 ב OR 1 = 1` can read in another order than it runs.
// Every medium must show the characters outside right-to-left runs in the order they run, with no
// bracket mirrored, while the runs themselves (a name, a word) stay readable as they are written.
// Checked with a conformant implementation of the algorithm, with the paragraph's direction
// detected from the text as a browser's dir=auto does, and forced left to right.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type { Bidi } from 'bidi-js';
import { html } from '../../src/render/html.ts';
import { slackInline, slackText } from '../../src/render/slack.ts';
import { TerminalText, terminalJson } from '../../src/render/terminal.ts';

// A CommonJS package whose types declare an ES default export: required, as it is shipped.
const bidiFactory = createRequire(import.meta.url)('bidi-js') as () => Bidi;
const bidi = bidiFactory();

/** Lines an agent writes so that a person reads them in another order than they run. */
const ATTACKS: readonly string[] = [
  "SELECT * FROM t WHERE note = 'א' OR 1 = 1 -- 'ב'",
  'DELETE FROM users WHERE id = 5 ב 1 = 1',
  'א = 1 ב',
  'UPDATE accounts SET balance = 100 WHERE id = 7 ע 8 ש',
  'rm -rf /tmp/א 1 2 ב /',
  'שלום; DROP TABLE users; 1 ב',
  'WHERE (a = 1) ב (b = 2) AND [x] ג {y}',
  "UPDATE t SET v = 'ب' || 42 || 'ت' WHERE id = 3",
  'WHERE amount > ١٠٠ ب 5 AND 6 ت',
  'kubectl delete pod ܐ 7 ܒ --force',
  'x ހ 9 ހ y; ߊ 10 ߊ; 𞤀 11 𞤀',
  'ﭐ 12 ﭐ and ﺍ 13 ﺍ',
  'שָׁלוֹם 14 = 15 עוֹלָם',
  'echo "$(id)" ש >> /etc/sudoers ש',
  'SELECT 1 -- ת\nDROP TABLE x; -- ת',
];

/** Characters a right-to-left run may hold: they may be reversed within it (that is how they are read). */
const IN_RUN = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u{10800}-\u{10fff}\u{1e800}-\u{1efff}\p{M}\u200e]/u;

/** The characters of `text` outside right-to-left runs, in the order a screen shows them; and any mirrored outside them. */
function shown(text: string, direction?: 'ltr'): { order: string; mirrored: string[] } {
  let order = '';
  const mirrored: string[] = [];
  for (const line of text.split('\n')) {
    const levels = bidi.getEmbeddingLevels(line, direction);
    const units = bidi.getReorderedIndices(line, levels);
    const mirror = bidi.getMirroredCharactersMap(line, levels.levels);
    for (const i of units) {
      const char = line[i] as string;
      // A surrogate pair's halves are reordered together; the letter is tested once, whole.
      const whole = line.codePointAt(i) ?? 0;
      if (whole >= 0xdc00 && whole <= 0xdfff) continue;
      if (IN_RUN.test(String.fromCodePoint(whole))) continue;
      order += char.length === 1 && whole > 0xffff ? String.fromCodePoint(whole) : char;
      if (mirror.has(i)) mirrored.push(char);
    }
    order += '\n';
  }
  return { order, mirrored };
}

const outside = (text: string) => Array.from(text).filter((c) => !IN_RUN.test(c)).join('');

/** HTML's text as a browser lays it out: tags gone, entities read. */
function htmlText(markup: string): string {
  return markup
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const MEDIA: ReadonlyArray<[string, (text: string) => string]> = [
  ['a terminal line', (t) => new TerminalText().line(t.replaceAll('\n', ' '))],
  ['a terminal block', (t) => new TerminalText().block(t).join('\n')],
  ['a Slack block', (t) => slackText(t).text],
  ['Slack inline code', (t) => slackInline(t.replaceAll('\n', ' '), 10_000).text],
  ['a console page', (t) => htmlText(html`<pre>${t}</pre>`.text)],
];

describe('right-to-left letters cannot reorder the text around them', () => {
  for (const [medium, render] of MEDIA) {
    it(`keeps the order of everything outside right-to-left runs in ${medium}`, () => {
      const wrong: string[] = [];
      for (const attack of ATTACKS) {
        const out = render(attack);
        const expected = outside(out);
        for (const direction of [undefined, 'ltr'] as const) {
          const seen = shown(out, direction);
          const order = seen.order.replace(/\n$/, '');
          if (order !== expected || seen.mirrored.length > 0) wrong.push(`${JSON.stringify(attack)} (${direction ?? 'auto'}): shown ${JSON.stringify(order)}${seen.mirrored.length ? `, mirrored ${seen.mirrored.join('')}` : ''}`);
        }
      }
      assert.deepEqual(wrong, []);
    });
  }

  it('shows right-to-left words and names as they are written, with nothing escaped or flagged', () => {
    for (const text of ['محمد علي', 'مرحبا بالعالم, שלום', 'שָׁלוֹם עוֹלָם', 'ܐܒ ܓ']) {
      const t = new TerminalText();
      const line = t.line(text);
      assert.equal(line.replaceAll('\u200e', ''), text);
      assert.equal(t.warning(), undefined);
      assert.equal(slackText(text).hidden.size, 0);
      assert.equal(htmlText(html`${text}`.text).replaceAll('\u200e', ''), text);
    }
  });

  it('escapes right-to-left letters in JSON for a terminal, which reads back to the same data', () => {
    const value = { sql: ATTACKS[1], name: 'محمد' };
    const out = terminalJson(value);
    assert.doesNotMatch(out, IN_RUN);
    assert.deepEqual(JSON.parse(out), value);
  });
});

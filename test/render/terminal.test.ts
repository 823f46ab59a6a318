// The terminal renderer on its own: every hostile string comes out with no control, bidi or
// invisible character and is flagged; a block keeps its lines behind the gutter; padding is a count;
// a cut says how much is left; JSON output keeps the same data with those characters escaped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GUTTER, TerminalText, terminalJson } from '../../src/render/terminal.ts';
import { FORBIDDEN, forgedLines, HOSTILE } from './hostile.ts';

describe('terminal rendering', () => {
  for (const { name, text } of HOSTILE) {
    it(`escapes and flags: ${name}`, () => {
      const t = new TerminalText();
      const line = t.line(text);
      assert.doesNotMatch(line, FORBIDDEN);
      assert.ok(!line.includes('\n'), 'a line stays one line');
      const block = t.block(text);
      for (const l of block) {
        assert.doesNotMatch(l, FORBIDDEN);
        assert.ok(l.startsWith(GUTTER.trimEnd()), 'every line of a block is behind the gutter');
      }
      assert.deepEqual(forgedLines(block.join('\n')), []);
      assert.ok(t.found.size > 0, 'the text is flagged');
      assert.match(t.warning() ?? '', /shown escaped/);
    });
  }

  it('spells escapes as people and JSON read them', () => {
    const t = new TerminalText();
    assert.equal(t.line('a\u001b[2Kb\rc\n\t\u202e\u{e0041}'), 'a\\u001b[2Kb\\rc\\n\\t\\u202e\\u{e0041}');
    assert.deepEqual([...t.found].sort(), ['bidi', 'control', 'invisible']);
  });

  it('leaves plain text alone and flags nothing', () => {
    const t = new TerminalText();
    assert.equal(t.line("UPDATE orders SET note = 'café ✓ 日本' WHERE id = 1"), "UPDATE orders SET note = 'café ✓ 日本' WHERE id = 1");
    assert.deepEqual(t.block('SELECT 1;\r\n\tSELECT 2;\n\nSELECT 3;'), [`${GUTTER}SELECT 1;`, `${GUTTER}\tSELECT 2;`, '│', `${GUTTER}SELECT 3;`]);
    assert.equal(t.warning(), undefined);
  });

  it('shows runs of blank lines and spaces as a count, so padding cannot push a statement away', () => {
    const t = new TerminalText();
    assert.deepEqual(t.block(`SELECT 1;${'\n'.repeat(500)}DROP TABLE orders;`), [`${GUTTER}SELECT 1;`, `${GUTTER}[499 blank lines]`, `${GUTTER}DROP TABLE orders;`]);
    assert.equal(t.line(`SELECT 1;${' '.repeat(300)}DROP TABLE orders;`), 'SELECT 1;[300 spaces]DROP TABLE orders;');
  });

  it('says how much it cut', () => {
    assert.equal(new TerminalText().line('x'.repeat(100), 10), `${'x'.repeat(10)}… (90 more characters)`);
    assert.equal(new TerminalText().line('short', 10), 'short');
  });

  it('prints JSON with the same data and no raw hidden character', () => {
    const value = { sql: HOSTILE.map((h) => h.text).join(' '), [`k\u202e`]: 1 };
    const out = terminalJson(value, 2);
    assert.doesNotMatch(out, FORBIDDEN);
    assert.deepEqual(JSON.parse(out), value);
    const t = new TerminalText();
    assert.doesNotMatch(t.json(value), FORBIDDEN);
    assert.ok(t.found.has('control') && t.found.has('bidi'), 'C0 controls JSON escaped itself are flagged too');
  });
});

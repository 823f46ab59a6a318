// The terminal renderer on its own: every hostile string comes out with no control, bidi or
// invisible character and is flagged; a block keeps its lines behind the gutter; padding is a count;
// a cut says how much is left; JSON output keeps the same data with those characters escaped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GUTTER, TerminalText, terminalJson } from '../../src/render/terminal.ts';
import { DECOYS, FORBIDDEN, forgedLines, HOSTILE, unsafe } from './hostile.ts';

describe('terminal rendering', () => {
  for (const { name, text, raw } of HOSTILE) {
    it(`escapes and flags: ${name}`, () => {
      const t = new TerminalText();
      const line = t.line(text);
      assert.equal(unsafe(line, raw), undefined);
      assert.ok(!line.includes('\n'), 'a line stays one line');
      const block = t.block(text);
      assert.equal(unsafe(block.join('\n'), raw), undefined);
      for (const l of block) {
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

  it('shows ordinary text in any script, and emoji, as it is, and flags nothing', () => {
    for (const decoy of DECOYS) {
      const t = new TerminalText();
      assert.equal(t.line(decoy), decoy);
      assert.deepEqual(t.block(`${decoy}\n${decoy}`), [`${GUTTER}${decoy}`, `${GUTTER}${decoy}`]);
      assert.equal(terminalJson({ [decoy]: decoy }), JSON.stringify({ [decoy]: decoy }));
      assert.equal(t.json({ cell: decoy }), JSON.stringify({ cell: decoy }));
      assert.equal(t.warning(), undefined, decoy);
    }
  });

  it('spells look-alike letters and misplaced marks as escapes, and names them in the warning', () => {
    const t = new TerminalText();
    assert.equal(t.line('DELETE FROM us\u0435rs; \uff52\uff4d; \u0338x'), 'DELETE FROM us\\u0435rs; \\uff52\\uff4d; \\u0338x');
    assert.match(t.warning() ?? '', /look-alike letters.*combining marks/);
    assert.equal(terminalJson('us\u0435rs'), '"us\\u0435rs"');
  });

  it('shows runs of blank lines and spaces as a count, so padding cannot push a statement away', () => {
    const t = new TerminalText();
    assert.deepEqual(t.block(`SELECT 1;${'\n'.repeat(500)}DROP TABLE orders;`), [`${GUTTER}SELECT 1;`, `${GUTTER}[499 blank lines]`, `${GUTTER}DROP TABLE orders;`]);
    assert.equal(t.line(`SELECT 1;${' '.repeat(300)}DROP TABLE orders;`), 'SELECT 1;[300 spaces]DROP TABLE orders;');
    assert.deepEqual(t.block(`SELECT 1;${'\t'.repeat(30)}  DROP TABLE orders;\tx`), [`${GUTTER}SELECT 1;[32 spaces and tabs]DROP TABLE orders;\tx`]);
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

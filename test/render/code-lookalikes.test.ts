// Look-alike punctuation and spaces in code, in every medium. Code (SQL, a command, a manifest, a
// call's arguments) is read for its syntax: a dash, quote, slash, semicolon or space that only looks
// like the ASCII one changes what runs without changing what a person reads. In code every such
// character is shown as its escape and the text is flagged; in prose (results, names, messages) the
// same characters are ordinary typography and stay as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code, codeJson, html } from '../../src/render/html.ts';
import { slackInline, slackText } from '../../src/render/slack.ts';
import { TerminalText } from '../../src/render/terminal.ts';
import { CODE_DECOYS, CODE_HOSTILE, DECOYS } from './hostile.ts';

/** The text each medium shows for code, and the hidden kinds it flagged. */
const MEDIA: ReadonlyArray<[string, (text: string) => { shown: string; flagged: ReadonlySet<string> }]> = [
  ['terminal line', (text) => { const t = new TerminalText(); return { shown: t.line(text, undefined, { code: true }), flagged: t.found }; }],
  ['terminal block', (text) => { const t = new TerminalText(); return { shown: t.block(text, { code: true }).join('\n'), flagged: t.found }; }],
  ['terminal JSON', (text) => { const t = new TerminalText(); return { shown: t.json({ sql: text }, { code: true }), flagged: t.found }; }],
  ['HTML', (text) => { const fragment = code(text); return { shown: fragment.text, flagged: fragment.hidden }; }],
  ['HTML JSON', (text) => { const fragment = codeJson({ command: text }); return { shown: fragment.text, flagged: fragment.hidden }; }],
  ['Slack block', (text) => { const s = slackText(text, { code: true }); return { shown: s.text, flagged: s.hidden }; }],
  ['Slack inline', (text) => { const s = slackInline(text, 4000, { code: true }); return { shown: s.text, flagged: s.hidden }; }],
];

describe('look-alike punctuation and spaces in code', () => {
  for (const [medium, render] of MEDIA) {
    for (const { name, text, chars } of CODE_HOSTILE) {
      it(`${medium}: escapes and flags ${name}`, () => {
        const { shown, flagged } = render(text);
        for (const char of chars) assert.ok(!shown.includes(char), `U+${(char.codePointAt(0) ?? 0).toString(16)} shown as it is: ${shown}`);
        assert.ok(flagged.has('lookalike'), `not flagged: ${shown}`);
      });
    }
    it(`${medium}: shows code in any script, and emoji, as it is, and flags nothing`, () => {
      for (const decoy of CODE_DECOYS) {
        const { shown, flagged } = render(decoy);
        for (const char of decoy.match(/[^ -~]+/gu) ?? []) assert.ok(shown.includes(char), `${char} not shown as it is: ${shown}`);
        assert.equal(flagged.size, 0, `${decoy} flagged as ${[...flagged]}`);
      }
    });
  }

  it('leaves the same characters alone in prose (results, names, messages)', () => {
    for (const text of [...DECOYS, 'O\u2019Brien \u2013 \u201cquoted\u201d \u2026 10\u00a0km']) {
      const t = new TerminalText();
      assert.equal(t.line(text), text);
      assert.equal(slackText(text).text, text);
      assert.equal(html`${text}`.hidden.size, 0);
      assert.equal(t.warning(), undefined);
    }
  });

  it('keeps a dotless i only in a quoted string that is plainly Turkic text, and in prose', () => {
    const shown = (text: string) => new TerminalText().line(text, undefined, { code: true });
    assert.equal(shown("SET note = 'Işık açık, kapı kapalı'"), "SET note = 'Işık açık, kapı kapalı'");
    assert.equal(shown("WHERE city = 'kapı'"), "WHERE city = 'kap\\u0131'", 'a lone word with no other Turkic letter is escaped');
    assert.equal(shown("DROP TABLE admın, 'şey'"), "DROP TABLE adm\\u0131n, 'şey'", 'a Turkic letter outside the name does not vouch for it');
    assert.equal(shown("WHERE a = 'x' AND admın = 'ş'"), "WHERE a = 'x' AND adm\\u0131n = 'ş'", 'nor one in the next quoted string');
    assert.equal(new TerminalText().line('Diyarbakır, kapı, admın'), 'Diyarbakır, kapı, admın', 'prose keeps them');
  });

  it('keeps a mark on an ASCII letter in code only where it makes one letter', () => {
    const shown = (text: string) => new TerminalText().line(text, undefined, { code: true });
    assert.equal(shown("SELECT 'Jose\u0301', 'Nguye\u0302\u0303n'"), "SELECT 'Jose\u0301', 'Nguye\u0302\u0303n'");
    assert.equal(shown('DROP TABLE admi\u0307n'), 'DROP TABLE admi\\u0307n');
    assert.equal(new TerminalText().line('admi\u0307n'), 'admi\u0307n', 'prose keeps it');
  });

  it('spells each look-alike as its escape, so the approver can tell it from the ASCII one', () => {
    const t = new TerminalText();
    assert.equal(t.line('kubectl delete ns prod \u2013\u2013dry-run=client', undefined, { code: true }), 'kubectl delete ns prod \\u2013\\u2013dry-run=client');
    assert.match(t.warning() ?? '', /punctuation/);
  });
});

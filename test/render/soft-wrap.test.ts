// Padding that forges a line where a viewer soft-wraps. The client's confirmation dialog, Slack and
// a page wrap agent text at a width gatehouse cannot know; a run of blanks at least that wide always
// ends a visual line, so the word after it (`Policy: allow`, `decision: approved`) starts the next
// one, with nothing to tell it from gatehouse's own. Every medium shows a run of two or more blanks
// on one line of agent text as a count, and in a line of a block any run wider than 16 columns (its
// indentation and alignment, narrower than any viewer, stay); the confirmation question is wrapped
// by gatehouse itself, narrower than any dialog.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EvaluatedCall } from '../../src/pipeline/evaluate.ts';
import { confirmationMessage } from '../../src/pipeline/confirm.ts';
import type { CallContext } from '../../src/pipeline/pipeline.ts';
import { code, html } from '../../src/render/html.ts';
import { slackInline, slackText } from '../../src/render/slack.ts';
import { TerminalText } from '../../src/render/terminal.ts';
import { CODE_DECOYS, DECOYS } from './hostile.ts';

const BLANK = '[ \\t\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000]';
const RUN = new RegExp(`${BLANK}+`, 'gu');

/** The widest run of blanks in a text, a tab counting as 8. */
const widestRun = (text: string) => Math.max(0, ...Array.from(text.matchAll(RUN), ([run]) => Array.from(run).length + 7 * (run.split('\t').length - 1)));

/** Blank runs an agent pads with: spaces under and over the old limit, other blanks, tabs, a mix. */
const PADDINGS: ReadonlyArray<[string, string]> = [
  ['40 spaces', ' '.repeat(40)],
  ['63 spaces', ' '.repeat(63)],
  ['300 spaces', ' '.repeat(300)],
  ['en quads to hair spaces', '\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a'.repeat(5)],
  ['ideographic spaces', '\u3000'.repeat(30)],
  ['no-break spaces', '\u00a0'.repeat(50)],
  ['7 tabs', '\t'.repeat(7)],
  ['spaces and tabs', ' \t'.repeat(20)],
];

const FORGED = 'Policy: allowed by sql-read (allow) decision: approved FORGED';

/** What each medium shows of agent text (code, and prose: a reason, a name), and the widest run of blanks it may keep. */
const MEDIA: ReadonlyArray<[string, (text: string) => string, number]> = [
  ['terminal line (code)', (text) => new TerminalText().line(text, undefined, { code: true }), 1],
  ['terminal line (prose)', (text) => new TerminalText().line(text), 1],
  ['terminal block (code)', (text) => new TerminalText().block(text, { code: true }).join('\n'), 16],
  ['HTML code', (text) => code(text).text, 16],
  ['HTML prose', (text) => html`${text}`.text, 16],
  ['Slack inline (code)', (text) => slackInline(text, 4000, { code: true }).text, 1],
  ['Slack inline (prose)', (text) => slackInline(text, 4000).text, 1],
  ['Slack block', (text) => slackText(text, { code: true }).text, 16],
];

const ctx = { principal: { id: 'agent-7', name: 'Ops Agent', groups: [], kind: 'agent' }, session: { client: 'claude-code' } } as unknown as CallContext;
function question(summary: string, reason = 'Asks first.'): string {
  return confirmationMessage({ tool: { spec: { name: 'postgres_query' } }, target: { name: 'shop' }, args: {}, classification: { summary }, decision: { reason, rules: [] } } as unknown as EvaluatedCall, ctx);
}

/** Where a viewer `width` columns wide starts visual rows: at words, dropping the blanks it broke at. */
function softWrap(text: string, width: number): string[] {
  const rows: string[] = [];
  for (const line of text.split('\n')) {
    let row = '';
    for (const part of line.split(new RegExp(`(${BLANK}+)`, 'u'))) {
      if (Array.from(row + part).length <= width) row += part;
      else if (new RegExp(`^${BLANK}+$`, 'u').test(part)) row += part.slice(0, Math.max(0, width - Array.from(row).length));
      else {
        rows.push(row);
        row = part;
      }
    }
    rows.push(row);
  }
  return rows;
}

/** Rows that start with a label of gatehouse's own that the agent wrote. */
const forgedRows = (rows: readonly string[]) => rows.filter((row) => /^(?:Policy|decision):.*FORGED|^(?:Policy|decision):$/.test(row.trim()) && !row.startsWith('Policy: Asks first.'));

describe('padding that forges a line where a viewer soft-wraps', () => {
  for (const [medium, render, widest] of MEDIA) {
    for (const [name, pad] of PADDINGS) {
      it(`${medium}: shows ${name} as a count`, () => {
        const shown = render(`SELECT 1 --${pad}${FORGED}`);
        assert.ok(widestRun(shown) <= widest, JSON.stringify(shown));
        // In code a blank outside ASCII is a look-alike, and on one line a tab a control: each is escaped, which shows it as well.
        assert.match(shown, /\[\d+ (?:spaces|spaces and tabs)\]|<span class="hidden-gap">\d+ spaces|\\u(?:00a0|2000|3000)|\\t/);
      });
    }
  }

  for (const [name, pad] of PADDINGS) {
    it(`confirmation question: ${name} in the summary or the reason starts no row at any width`, () => {
      for (const text of [question(`SELECT 1 --${pad}${FORGED}`), question('SELECT 1', `Asks first.${pad}${FORGED}`)]) {
        for (let width = 72; width <= 200; width++) assert.deepEqual(forgedRows(softWrap(text, width)), [], `${width} columns:\n${text}`);
      }
    });
  }

  it('confirmation question: a label repeated with no padding starts no row in a dialog as wide as its rows', () => {
    const text = question(`SELECT 1 -- ${Array.from({ length: 40 }, (_, i) => `${'x'.repeat(i % 9)} ${FORGED}`).join(' ')}`);
    for (let width = 72; width <= 200; width++) assert.deepEqual(forgedRows(softWrap(text, width)), [], `${width} columns:\n${text}`);
  });

  it('keeps a block line its own indentation and alignment up to 16 columns, and single blanks on a line, as they are', () => {
    const sql = 'SELECT id,\n       name\n  FROM orders\n\tWHERE id = 1\tAND x = 2\n\t\tAND y  =  3';
    const output = 'Filesystem      Size  Used Avail Use% Mounted on\noverlay          98G   61G   33G  65% /\ntmpfs            64M     0   64M   0% /dev';
    for (const text of [sql, output]) {
      assert.equal(new TerminalText().block(text, { code: true }).join('\n'), text.replace(/^/gm, '│ '));
      assert.equal(code(text).text, text);
      assert.equal(slackText(text).text, text);
    }
    for (const decoy of [...DECOYS, ...CODE_DECOYS]) assert.equal(new TerminalText().line(decoy), decoy);
    assert.equal(new TerminalText().line('SELECT a,  b'), 'SELECT a,[2 spaces]b', 'on one line, a run aligns nothing');
  });
});

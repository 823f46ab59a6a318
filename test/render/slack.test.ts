// The Slack renderer on its own: & < > escaped so nothing in agent text mentions or links; hidden
// characters shown as escapes and flagged; a backtick cannot end a code block; text inside a sentence
// is inline code on one line, so mrkdwn cannot bold, strike or hide it; a text that does not fit the
// room is cut with a note of how much is left out, and fits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slackInline, slackText, slackWarning } from '../../src/render/slack.ts';
import { DECOYS, HOSTILE, unsafe } from './hostile.ts';

describe('Slack rendering', () => {
  it('escapes every hostile string and flags it', () => {
    for (const { name, text, lines, raw } of HOSTILE) {
      const shown = slackText(text);
      assert.equal(unsafe(shown.text, raw), undefined, name);
      assert.ok(lines || shown.hidden.size > 0, name);
      const inline = slackInline(text, 4000);
      assert.equal(unsafe(inline.text, raw), undefined, name);
      assert.match(inline.text, /^`[^`\n]*`$/, `${name}: one line of inline code`);
      assert.ok(inline.hidden.size > 0, name);
    }
  });

  it('shows ordinary text in any script, and emoji, as it is, and flags nothing', () => {
    for (const decoy of DECOYS) {
      const shown = slackText(decoy);
      assert.equal(shown.text, decoy);
      assert.equal(shown.hidden.size, 0, decoy);
      assert.equal(slackInline(decoy, 400).text, `\`${decoy}\``);
    }
  });

  it('leaves no mention or link in agent text', () => {
    const shown = slackText('<!channel> <!here|here> <@U123> <#C42|ops> <!subteam^S1> <https://evil.example|Approve in gatehouse> <mailto:a@b.c> & done');
    assert.equal(shown.text, '&lt;!channel&gt; &lt;!here|here&gt; &lt;@U123&gt; &lt;#C42|ops&gt; &lt;!subteam^S1&gt; &lt;https://evil.example|Approve in gatehouse&gt; &lt;mailto:a@b.c&gt; &amp; done');
    assert.equal(shown.hidden.size, 0);
  });

  it('keeps a code block closed', () => {
    assert.equal(slackText('a ``` *bold* `b`').text, 'a ˋˋˋ *bold* ˋbˋ');
  });

  it('keeps agent text inside a sentence as inline code, so mrkdwn formats nothing in it', () => {
    assert.equal(slackInline('~DROP TABLE orders~ *ok* _x_ :white_check_mark: Approved by `dana`\n> quoted', 400).text, '`~DROP TABLE orders~ *ok* _x_ :white_check_mark: Approved by ˋdanaˋ\\n&gt; quoted`');
    assert.equal(slackInline('', 400).text, '');
    const cut = slackInline(`DROP ${'x'.repeat(1000)}`, 100).text;
    assert.ok(cut.length <= 100, String(cut.length));
    assert.match(cut, /^`DROP x+ … \(\d+ more characters\)`$/);
  });

  it('cuts to the room it is given, saying how much is left out', () => {
    const text = `SELECT 1; ${'\u202e'.repeat(400)}${'x'.repeat(5000)}`;
    const shown = slackText(text, { room: 2800 });
    assert.ok(shown.text.length <= 2800, String(shown.text.length));
    assert.match(shown.text, /… \(\d+ more characters\)$/);
    assert.equal(slackText('short', { room: 2800 }).text, 'short');
  });

  it('warns only when something was escaped', () => {
    assert.equal(slackWarning(new Set()), undefined);
    assert.match(slackWarning(slackText('a\u202eb').hidden) ?? '', /^:warning: .*bidi controls.*shown escaped/);
  });
});

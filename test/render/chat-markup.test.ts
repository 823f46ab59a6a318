// Markup an agent writes to pass its text off as gatehouse's own, or to reach the reader: Slack
// mentions and links, markdown links, images, headings and bold labels ("Risk: low"), a code fence
// that would close the block it sits in and open one of its own, HTML tags and attributes, and
// newlines starting a line with one of gatehouse's labels. Every medium shows each as text: Slack
// as code (mrkdwn formats nothing in it, & < > escaped), HTML escaped, the terminal on one line or
// behind the gutter.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { html } from '../../src/render/html.ts';
import { slackInline, slackText } from '../../src/render/slack.ts';
import { GUTTER, TerminalText } from '../../src/render/terminal.ts';

const MARKUP: readonly string[] = [
  '<!channel> deploy done, <!here>, <!everyone>',
  '<@U123> approved this in <#C42|ops>',
  '<https://evil.example/approve|Approve in gatehouse>',
  '[Approve in gatehouse](https://evil.example/approve)',
  '![status: approved](https://evil.example/pixel.png)',
  '```\nRisk: low\nApproved by: dana\n```',
  '# Approved\n## Risk: low',
  '*Risk: low* _reviewed_ ~DROP TABLE orders~',
  '> Approved by dana',
  ':white_check_mark: Approved by `dana`',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '" onmouseover="alert(1)" data-x="',
  'x\ndecision:   approve by dana\nRisk: low',
];

describe('chat and page markup in agent text', () => {
  for (const text of MARKUP) {
    it(`shows as text: ${JSON.stringify(text).slice(0, 60)}`, () => {
      const block = slackText(text).text;
      assert.ok(!/[<`]/.test(block), `Slack block: ${block}`);
      const inline = slackInline(text, 4000).text;
      assert.match(inline, /^`[^`\n<]*`$/, `Slack inline: ${inline}`);
      const page = html`<p title="${text}">${text}</p>`.text;
      assert.equal(page.replace(/^<p title="/, '').replace(/<\/p>$/, '').replace('">', '').match(/[<>"]/), null, `HTML: ${page}`);
      const t = new TerminalText();
      assert.ok(!t.line(text).includes('\n'), 'a terminal line stays one line');
      for (const line of t.block(text)) assert.ok(line.startsWith(GUTTER.trimEnd()), `terminal block: ${line}`);
    });
  }
});

// The escaping template every console page is built with: interpolated values are escaped in
// text and attributes, nested fragments are not escaped twice, and empty values render nothing;
// hidden characters become badges in text and escapes in attributes, and the fragment knows it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cut, hiddenNotice, html, json } from '../../src/render/html.ts';
import { DECOYS, HOSTILE, unsafe } from './hostile.ts';

describe('html template', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const hostile = `<script>alert('x')</script>" onmouseover="y" &amp;`;
    assert.equal(
      html`<p title="${hostile}">${hostile}</p>`.text,
      '<p title="&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onmouseover=&quot;y&quot; &amp;amp;">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onmouseover=&quot;y&quot; &amp;amp;</p>',
    );
  });

  it('keeps nested fragments as markup and joins lists', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    assert.equal(html`<ul>${items}</ul>`.text, '<ul><li>a&lt;b</li><li>c</li></ul>');
  });

  it('renders nothing for undefined, null and false, and numbers as text', () => {
    assert.equal(html`[${undefined}${null}${false}${0}${7}]`.text, '[07]');
  });

  it('does not treat look-alike objects as markup', () => {
    assert.equal(html`${{ text: '<b>' }}`.text, '[object Object]');
    assert.equal(html`${{ toString: () => '<b>' }}`.text, '&lt;b&gt;');
  });

  it('shows every hostile character as a badge in text and as an escape in attributes, and flags the fragment', () => {
    for (const { name, text, lines, raw } of HOSTILE) {
      const fragment = html`<p title="${text}">${text}</p>`;
      assert.equal(unsafe(fragment.text, raw), undefined, name);
      assert.ok(lines || fragment.hidden.size > 0, name);
      assert.match(fragment.text, /^<p title="[^"<>]*">/, `${name}: no markup inside the attribute`);
    }
    const shown = html`<pre>${'SELECT 1; -- \u202e ;1=di EREHW'}</pre>`;
    assert.equal(shown.text, '<pre>SELECT 1; -- <span class="hidden-char" title="bidi control: reorders the text around it, shown escaped">\\u202e</span> ;1=di EREHW</pre>');
  });

  it('shows ordinary text in any script, and emoji, as it is, and flags nothing', () => {
    for (const decoy of DECOYS) {
      const fragment = html`<p title="${decoy}">${decoy}</p>${json({ [decoy]: decoy })}`;
      assert.equal(fragment.text, `<p title="${decoy}">${decoy}</p>${JSON.stringify({ [decoy]: decoy }, null, 2).replaceAll('"', '&quot;')}`);
      assert.equal(fragment.hidden.size, 0, decoy);
    }
  });

  it('carries what a nested fragment flagged, and a notice says so', () => {
    const inner = html`<code>${'ad\u200dmin'}</code>`;
    const outer = html`<div>${inner}</div>`;
    assert.deepEqual([...outer.hidden], ['invisible']);
    assert.match(String(hiddenNotice(outer) && (hiddenNotice(outer) as { text: string }).text), /class="warning hidden-warning".*invisible characters/);
    assert.equal(hiddenNotice(html`<p>${'plain'}</p>`), false);
  });

  it('shows blank-line padding as a count', () => {
    assert.equal(html`<pre>${`SELECT 1;${'\n'.repeat(300)}DROP TABLE orders;`}</pre>`.text, '<pre>SELECT 1;\n<span class="hidden-gap">299 blank lines</span>\nDROP TABLE orders;</pre>');
  });

  it('cuts with a note, and flags controls JSON escaped', () => {
    assert.equal(cut('x'.repeat(10), 4).text, 'xxxx<span class="cut">… (6 more characters)</span>');
    assert.equal(cut('short', 10).text, 'short');
    const data = json({ cell: 'a\u001b[2Kb' });
    assert.match(data.text, /a\\u001b\[2Kb/);
    assert.deepEqual([...data.hidden], ['control']);
  });
});

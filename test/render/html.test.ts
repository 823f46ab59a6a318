// The escaping template every console page is built with: interpolated values are escaped in
// text and attributes, nested fragments are not escaped twice, and empty values render nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { html } from '../../src/render/html.ts';

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
});

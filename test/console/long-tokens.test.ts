// A very long word of agent text (a principal id, a kill-switch reason, a client name with no
// space) must not widen a table or a header past the window and push what follows it (the next
// column, a Resume or Sign out button) out of view. The stylesheet lets every text break anywhere
// when it would overflow: set once on the body, inherited everywhere, and turned off nowhere.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../fixtures/gatehouse.ts';

const CSS = readFileSync(join(ROOT, 'src/console/assets/console.css'), 'utf8');

/** The declarations of each rule, by selector, in order. */
function rules(css: string): Array<{ selector: string; body: string }> {
  return [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selector, body]) => ({ selector: (selector as string).trim(), body: body as string }));
}

describe('console layout under long words', () => {
  it('lets every text break anywhere it would overflow, from the body down', () => {
    const body = rules(CSS).find((r) => r.selector === 'body');
    assert.match(body?.body ?? '', /overflow-wrap:\s*anywhere/);
  });

  it('turns breaking off nowhere but in the badges of hidden characters', () => {
    for (const { selector, body } of rules(CSS)) {
      assert.doesNotMatch(body, /(?:overflow-wrap|word-wrap|word-break):\s*(?:normal|keep-all)/, selector);
      if (/white-space:\s*(?:nowrap|pre)\s*(?:;|$)/.test(body)) assert.match(selector, /^\.hidden-char, \.hidden-gap$/, selector);
    }
  });
});

// The book of what 2025-protocol HTTP clients said at initialize: by principal and User-Agent, never
// across principals, bounded with the oldest forgotten first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLegacyClientBook } from '../../src/server/legacy-clients.ts';

describe('legacy client book', () => {
  it("recalls a client by principal and User-Agent, never another principal's", () => {
    const book = createLegacyClientBook();
    book.remember('ann', 'node', { name: 'agent', version: '1.0' });
    assert.deepEqual(book.recall('ann', 'node'), { name: 'agent', version: '1.0' });
    assert.equal(book.recall('bob', 'node'), undefined);
    assert.equal(book.recall('ann', 'curl/8'), undefined);
    // A principal id that looks like a joined key cannot reach another entry.
    book.remember('a', 'b:c', { name: 'x', version: '1' });
    assert.equal(book.recall('a:b', 'c'), undefined);
  });

  it('forgets the oldest entry past its bound, and a request that was not an initialize changes nothing', () => {
    const book = createLegacyClientBook(2);
    book.remember('p1', 'ua', { name: 'one', version: '1' });
    book.remember('p2', 'ua', { name: 'two', version: '1' });
    book.remember('p2', 'ua', undefined);
    book.remember('p3', 'ua', { name: 'three', version: '1' });
    assert.equal(book.recall('p1', 'ua'), undefined);
    assert.equal(book.recall('p2', 'ua')?.name, 'two');
    assert.equal(book.recall('p3', 'ua')?.name, 'three');
  });
});

// Each principal's share of evaluation time: a principal whose calls take long to check (large SQL
// or command lines, checked on the event loop) is refused before evaluation once its share is
// spent, its refusals are recorded, and other principals are served meanwhile.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal } from '../../src/identity/principal.ts';
import { createEvaluationBudget } from '../../src/pipeline/evaluation-budget.ts';
import { readPack, startPackRuntime } from '../fixtures/read-pack.ts';

describe('evaluation budget', () => {
  it('refuses a principal that spent its share until its window turns, and no one else', () => {
    const budget = createEvaluationBudget(100, 1000);
    assert.equal(budget.waitFor('a', 0), 0);
    budget.spend('a', 60, 0);
    assert.equal(budget.waitFor('a', 10), 0);
    budget.spend('a', 60, 10);
    assert.equal(budget.waitFor('a', 400), 600);
    assert.equal(budget.waitFor('b', 400), 0);
    assert.equal(budget.waitFor('a', 1000), 0, 'a new window');
    budget.spend('a', 5, 1000);
    assert.equal(budget.waitFor('a', 1001), 0);
  });

  it('counts the budget and the window to their exact edges', () => {
    const budget = createEvaluationBudget(100, 1000);
    budget.spend('a', 99, 0);
    assert.equal(budget.waitFor('a', 500), 0, 'under the budget');
    budget.spend('a', 1, 500);
    assert.equal(budget.waitFor('a', 500), 500, 'exactly the budget spent');
    assert.equal(budget.waitFor('a', 999), 1);
    assert.equal(budget.waitFor('a', 1000), 0, 'the window has turned at its length');
    budget.spend('a', 100, 1000);
    assert.equal(budget.waitFor('a', 1000), 1000, 'time spent at the turn counts in the new window');
  });

  it('dropping old windows past 1,000 principals keeps every live one', () => {
    const budget = createEvaluationBudget(100, 1000);
    // 999 old and one live: the newcomer's window is the one that finds 1,000 and sweeps.
    for (let i = 0; i < 999; i++) budget.spend(`old-${i}`, 1, 0);
    budget.spend('greedy', 100, 500);
    budget.spend('newcomer', 1, 1200);
    assert.equal(budget.waitFor('greedy', 1200), 300);
    assert.equal(budget.waitFor('newcomer', 1200), 0);
  });

  it('turns away, and records, the calls of a principal whose calls take long to check', async () => {
    // Classifying this pack's calls takes 1 s of the event loop, like a very large statement.
    const slowPack = readPack(
      'slow',
      async () => ({ kind: 'document', value: { ok: true } }),
      () => {
        const until = performance.now() + 1000;
        while (performance.now() < until);
      },
    );
    const runtime = await startPackRuntime(slowPack);
    try {
      const call = (principal: Principal) => {
        const { session, opened } = runtime.sessions.resolve(principal.id, 'stdio', 'test');
        return runtime.pipeline('slow_read', {}, { principal, session, sessionOpened: opened, signal: new AbortController().signal });
      };
      const greedy: Principal = { id: 'greedy', name: 'greedy', groups: [], kind: 'agent' };
      const other: Principal = { id: 'other', name: 'other', groups: [], kind: 'agent' };
      const codes: string[] = [];
      for (let i = 0; i < 4; i++) codes.push(((await call(greedy)).structuredContent.error as { code?: string } | undefined)?.code ?? 'ok');
      // 3 x 1 s spends the 3 s share of every 30 s; the fourth is refused without being checked.
      assert.deepEqual(codes, ['ok', 'ok', 'ok', 'too_many_calls']);
      const refused = await call(greedy);
      assert.match(String((refused.structuredContent.error as { message?: string }).message), /^greedy has used its share of the server's time for checking calls \(3000 ms of every 30 s\); retry in \d+ s$/);
      assert.equal((await call(other)).isError, undefined, 'another principal is still served');
      const errors = (await runtime.store.events()).filter((e) => e.type === 'call.error' && e.principal === 'greedy');
      assert.deepEqual(errors.map((e) => e.data.code), ['too_many_calls', 'too_many_calls']);
    } finally {
      await runtime.close();
    }
  });
});

// `policy explain` and `policy test` know the confirm effect: a rule of a policy file set of the
// operator's own decides confirm, explain says so, and test cases expect it (or fail saying so).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { runCli, writeConfig } from '../fixtures/gatehouse.ts';

describe('the confirm effect in policy explain and policy test', () => {
  let dir: string;
  let configFile: string;

  before(() => {
    const policy = { default: 'deny', rules: [{ id: 'staging-writes-confirmed', when: 'sql.writes', effect: 'confirm', reason: 'Writes are confirmed at the client.' }, { id: 'reads', when: 'sql.readOnly', effect: 'allow' }] };
    ({ dir, configFile } = writeConfig({ policies: ['confirm.yaml'], connections: { shop: { type: 'postgres', url: 'postgres://app@127.0.0.1:1/shop' } } }));
    writeFileSync(join(dir, 'confirm.yaml'), stringify(policy));
  });

  it('explains a write as confirm, with the rule and its reason', async () => {
    const r = await runCli(['policy', 'explain', '--config', configFile, '--tool', 'postgres_query', '--args', JSON.stringify({ connection: 'shop', sql: "UPDATE orders SET note = 'x' WHERE id = 1" })]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { effect: string; reason: string; rules: Array<{ id: string; effect: string }> };
    assert.equal(out.effect, 'confirm');
    assert.equal(out.reason, 'Writes are confirmed at the client.');
    assert.deepEqual(out.rules, [{ id: 'staging-writes-confirmed', effect: 'confirm', reason: 'Writes are confirmed at the client.' }]);
  });

  it('passes cases that expect confirm and fails one that expects allow', async () => {
    const cases = join(dir, 'cases.yaml');
    writeFileSync(
      cases,
      stringify({
        target: { name: 'shop' },
        cases: [
          { name: 'writes are confirmed', call: { tool: 'postgres_query', args: { sql: "UPDATE orders SET note = 'x' WHERE id = 1" } }, effect: 'confirm', rule: 'staging-writes-confirmed' },
          { name: 'wrong on purpose', call: { tool: 'postgres_query', args: { sql: 'DELETE FROM orders WHERE id = 1' } }, effect: 'allow' },
        ],
      }),
    );
    const r = await runCli(['policy', 'test', '--config', configFile, cases]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAIL .*wrong on purpose\n {2}expected allow\n {2}actual {3}confirm \[staging-writes-confirmed:confirm\]/);
    assert.match(r.stdout, /^1 passed, 1 failed$/m);
  });
});

// The principal shape every stage trusts: an id and a name that are never empty, groups as strings,
// and one of the three kinds, nothing else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PrincipalSchema } from '../../src/identity/principal.ts';

const alice = { id: 'u-1', name: 'Alice', groups: ['dba'], kind: 'human' };

describe('PrincipalSchema', () => {
  it('accepts each of the three kinds, and no groups', () => {
    for (const kind of ['human', 'agent', 'service']) {
      assert.deepEqual(PrincipalSchema.parse({ ...alice, kind, groups: [] }), { ...alice, kind, groups: [] });
    }
  });

  it('refuses an empty id or name', () => {
    assert.ok(!PrincipalSchema.safeParse({ ...alice, id: '' }).success);
    assert.ok(!PrincipalSchema.safeParse({ ...alice, name: '' }).success);
    assert.ok(PrincipalSchema.safeParse({ ...alice, id: 'x', name: 'y' }).success, 'one character is enough');
  });

  it('refuses another kind, a group that is not a string, and a missing field', () => {
    for (const bad of [{ ...alice, kind: 'admin' }, { ...alice, kind: '' }, { ...alice, groups: [1] }, { ...alice, groups: 'dba' }, { id: 'u-1', name: 'Alice', groups: [] }]) {
      assert.ok(!PrincipalSchema.safeParse(bad).success, JSON.stringify(bad));
    }
  });
});

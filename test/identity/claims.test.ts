// Reading a verified token's claims, in-process: the dot path that must not climb into prototypes
// or arrays, groups that are only ever non-empty strings, the name and client fallbacks, and scopes
// in either claim. A token's payload is attacker-shaped JSON even when its signature is good.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimAt, clientIdOf, displayName, readGroups, readScopes, stringClaim } from '../../src/identity/claims.ts';

describe('claimAt', () => {
  const payload = { sub: 'u-1', realm_access: { roles: ['dba'], nested: { deep: 'yes' } }, list: [{ a: 'in array' }], none: null, flat: 'text' };

  it('walks a dot path through nested objects', () => {
    assert.equal(claimAt(payload, 'sub'), 'u-1');
    assert.deepEqual(claimAt(payload, 'realm_access.roles'), ['dba']);
    assert.equal(claimAt(payload, 'realm_access.nested.deep'), 'yes');
  });

  it('stops at a missing step, at null, at a string and at an array', () => {
    assert.equal(claimAt(payload, 'realm_access.absent.deep'), undefined);
    assert.equal(claimAt(payload, 'none.x'), undefined);
    assert.equal(claimAt(payload, 'flat.length'), undefined, 'a string is not walked into');
    assert.equal(claimAt(payload, 'list.0.a'), undefined, 'an array is not walked into by index');
    assert.equal(claimAt(payload, 'list.length'), undefined);
  });

  it('reads own claims only, never the prototype chain', () => {
    assert.equal(claimAt(payload, 'constructor'), undefined);
    assert.equal(claimAt(payload, 'toString'), undefined);
    assert.equal(claimAt(payload, '__proto__'), undefined);
    assert.equal(claimAt(payload, 'realm_access.hasOwnProperty'), undefined);
    const own = JSON.parse('{"__proto__": {"admin": true}}') as Record<string, unknown>;
    assert.deepEqual(claimAt(own, '__proto__'), { admin: true }, 'a claim the token really holds under that name is read');
  });
});

describe('readGroups', () => {
  it('takes a list of strings as it is', () => {
    assert.deepEqual(readGroups({ g: ['a', 'b'] }, 'g'), { groups: ['a', 'b'] });
    assert.deepEqual(readGroups({ r: { roles: ['dba'] } }, 'r.roles'), { groups: ['dba'] });
  });

  it('takes one string as one group, and an empty string as none, with no problem', () => {
    assert.deepEqual(readGroups({ g: 'ops' }, 'g'), { groups: ['ops'] });
    assert.deepEqual(readGroups({ g: '' }, 'g'), { groups: [] });
  });

  it('names a missing claim', () => {
    assert.deepEqual(readGroups({}, 'g'), { groups: [], problem: 'missing' });
    assert.deepEqual(readGroups({ r: {} }, 'r.roles'), { groups: [], problem: 'missing' });
  });

  it('gives no groups for a claim that is neither a list nor a string', () => {
    for (const value of [42, true, null, { admin: true }]) {
      assert.deepEqual(readGroups({ g: value }, 'g'), { groups: [], problem: 'not a list of strings' }, JSON.stringify(value));
    }
  });

  it('keeps only the non-empty strings of a mixed list, and names the problem', () => {
    assert.deepEqual(readGroups({ g: ['ops', 7, '', null, ['nested'], { x: 1 }, 'dba'] }, 'g'), { groups: ['ops', 'dba'], problem: 'not a list of strings' });
    assert.deepEqual(readGroups({ g: [''] }, 'g'), { groups: [], problem: 'not a list of strings' });
    assert.deepEqual(readGroups({ g: [] }, 'g'), { groups: [] });
  });
});

describe('stringClaim and displayName', () => {
  it('a string claim must hold more than white space', () => {
    assert.equal(stringClaim({ n: 'Alice' }, 'n'), 'Alice');
    assert.equal(stringClaim({ n: ' Alice ' }, 'n'), ' Alice ', 'the value is returned as it is');
    assert.equal(stringClaim({ n: '' }, 'n'), undefined);
    assert.equal(stringClaim({ n: ' \t\n' }, 'n'), undefined);
    assert.equal(stringClaim({ n: 5 }, 'n'), undefined);
    assert.equal(stringClaim({ n: ['Alice'] }, 'n'), undefined);
    assert.equal(stringClaim({}, 'n'), undefined);
  });

  it('the name is the configured claim, then preferred_username, then the id', () => {
    assert.equal(displayName({ name: 'Alice', preferred_username: 'alice' }, 'name', 'u-1'), 'Alice');
    assert.equal(displayName({ name: '  ', preferred_username: 'alice' }, 'name', 'u-1'), 'alice');
    assert.equal(displayName({ profile: { display: 'Dr A' }, name: 'Alice' }, 'profile.display', 'u-1'), 'Dr A');
    assert.equal(displayName({ preferred_username: '' }, 'name', 'u-1'), 'u-1');
  });
});

describe('readScopes', () => {
  it('splits scope on any run of white space', () => {
    assert.deepEqual(readScopes({ scope: 'openid  mcp\tdb:read\n' }), ['openid', 'mcp', 'db:read']);
    assert.deepEqual(readScopes({ scope: ' ' }), []);
  });

  it('reads scp as a list of non-empty strings, or as a string', () => {
    assert.deepEqual(readScopes({ scp: ['mcp', '', 3, 'db:read'] }), ['mcp', 'db:read']);
    assert.deepEqual(readScopes({ scp: 'mcp db:read' }), ['mcp', 'db:read']);
  });

  it('prefers scope over scp, and gives none for anything else', () => {
    assert.deepEqual(readScopes({ scope: 'a', scp: ['b'] }), ['a']);
    assert.deepEqual(readScopes({}), []);
    assert.deepEqual(readScopes({ scope: 7 }), []);
    assert.deepEqual(readScopes({ scope: { mcp: true } }), []);
  });
});

describe('clientIdOf', () => {
  it('is azp, then client_id, then the fallback', () => {
    assert.equal(clientIdOf({ azp: 'claude-code', client_id: 'other' }, 'u-1'), 'claude-code');
    assert.equal(clientIdOf({ azp: '', client_id: 'cli' }, 'u-1'), 'cli');
    assert.equal(clientIdOf({ client_id: ' ' }, 'u-1'), 'u-1');
  });
});

// Brace expansion past the cap (MAX_BRACE_FIELDS): a word that would expand to more fields than
// the classifier writes out is not kept as literal text, nor expanded in part; each brace group in
// it becomes a run-time part, so the line is never read-only, a name built from it is dynamic, and
// a path built from it is judged by what it could name. Just under and at the cap, words expand.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { MAX_BRACE_FIELDS } from '../../tools/ssh/classify/brace.ts';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell, type Effect } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

/** "{x0,x1,...}" with n items, then the extra ones. */
const list = (n: number, ...extra: string[]): string => `{${[...Array.from({ length: n }, (_v, i) => `x${i}`), ...extra].join(',')}}`;
/** n two-way brace groups: 2^n fields. */
const product = (n: number, last = '{m,n}'): string => '{,a}'.repeat(n - 1) + last;

describe('brace expansion up to the cap', () => {
  it('the cap is 64 fields', () => assert.equal(MAX_BRACE_FIELDS, 64));
  for (const n of [MAX_BRACE_FIELDS - 1, MAX_BRACE_FIELDS]) {
    it(`${n} fields expand: a sequence, a list and a product of groups`, () => {
      for (const line of [`ls /tmp/{1..${n}}`, `ls /tmp/${list(n)}`]) {
        const facts = classifyShellLine(line);
        assert.equal(facts.commands[0]?.args.length, n, line);
        assert.equal(facts.readOnly, true, line);
      }
    });
  }
  it('six two-way groups (64 fields) expand and find the secret among them', () => {
    const facts = classifyShellLine(`cat /etc/${product(6, '{m,shadow}')}`);
    assert.equal(facts.commands[0]?.args.length, 64);
    assert.deepEqual(facts.sensitiveReads, ['/etc/shadow']);
  });
});

interface Past {
  readOnly?: false;
  effect?: Effect;
  /** Some command name is dynamic. */
  dynamic?: boolean;
  /** A secret read is seen. */
  secret?: boolean;
}

const PAST: Array<[string, Past]> = [
  // just past the cap: a sequence, a list, a product of groups
  [`ls /tmp/{1..${MAX_BRACE_FIELDS + 1}}`, {}],
  [`ls /tmp/${list(MAX_BRACE_FIELDS + 1)}`, {}],
  [`ls /tmp/${product(7)}`, {}],
  [`ls /tmp/{1..100000000}`, {}],
  // a secret among many items, or behind a long sequence
  [`cat /etc/${list(70, 'shadow')}`, { secret: true, effect: 'deny' }],
  [`cat ~/.ssh/${list(70, 'id_rsa')}`, { secret: true, effect: 'deny' }],
  [`cat /etc/${product(7, '{m,shadow}')}`, { secret: true, effect: 'deny' }],
  [`cat /etc/${list(3, `sh${list(30, 'adow')}`, 'y')}`, { secret: true, effect: 'deny' }],
  ['cat /etc/shadow.{1..100}', { secret: true, effect: 'deny' }],
  ['cat /proc/{1..100000}/environ', { secret: true, effect: 'deny' }],
  ['cat /etc/sha{1..100}{dow,x}', { secret: true, effect: 'deny' }],
  ['cat /etc/{1..100}{a,b}', {}],
  ['cat ~/.ssh/id_{1..100}{rsa,}', { secret: true, effect: 'deny' }],
  [`grep -r x /root/${list(70, '.ssh')}`, { secret: true, effect: 'deny' }],
  // a command name built from a brace expansion past the cap
  [`/bin/${list(70, 'rm')} -rf /`, { dynamic: true }],
  ['/bin/r{1..100}m -rf /', { dynamic: true }],
  [`/usr/bin/${product(7, '{r,}')}m -rf /`, { dynamic: true }],
  [`sudo /bin/${list(70, 'rm')} -rf /`, { dynamic: true }],
  [`bash -c 'ls /bin/${list(70, 'rm')}'`, {}],
  // redirection targets
  [`cat < /etc/${list(70, 'shadow')}`, { secret: true, effect: 'deny' }],
  [`echo x > /etc/${list(70, 'passwd')}`, {}],
  ['echo x > /tmp/{1..100}', {}],
];

describe('brace expansion past the cap is known only at run time', () => {
  for (const [line, expected] of PAST) {
    it(line.length > 100 ? `${line.slice(0, 100)}...` : line, () => {
      const facts = classifyShellLine(line);
      assert.equal(facts.readOnly, false, 'read-only');
      if (expected.dynamic !== undefined) {
        assert.equal(facts.dynamic, expected.dynamic, 'dynamic');
        assert.ok(facts.names.includes('<dynamic>'), facts.names.join(','));
      }
      // no field keeps the unexpanded group as if it were a literal name or path
      for (const c of facts.commands) assert.ok(c.dynamic || !/[{}]/.test(c.name), c.name);
      if (expected.secret) assert.ok(facts.sensitiveReads.length > 0, 'secret read');
      if (expected.effect) assert.equal(decideShell(facts).effect, expected.effect, facts.readOnlyBlockers.join(' | '));
    });
  }
});

describe('a here-string is not brace-expanded', () => {
  it('bash <<< {rm,-rf,/} hands "{rm,-rf,/}" to bash, which expands it to rm -rf /', () => {
    const facts = classifyShellLine('bash <<< {rm,-rf,/}');
    assert.equal(facts.readOnly, false);
    assert.equal(decideShell(facts).effect, 'deny');
    assert.ok(!facts.commands.some((c) => c.name === 'rm' && c.args.length === 0), 'not rm without its arguments');
  });
  it('cat <<< {a,b} reads "{a,b}"', () => {
    const facts = classifyShellLine('cat <<< {a,b}');
    assert.deepEqual(facts.redirects, [{ op: '<<<', target: '{a,b}', write: false }]);
  });
});

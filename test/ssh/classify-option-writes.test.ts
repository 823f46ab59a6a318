// Files a command writes through an option, and archives unpacked into a directory. An option's
// value must name the same file in every spelling getopt takes (after flags in one cluster: -so F,
// -qO F, -uo F; attached: -oF; after "="; as the next word), and an archive's members land under
// its -C/-d directory (or the working directory), whichever they are. Each row is the exact write
// facts; the sudoers rows must be denied as sudoers writes.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

describe('writes named by options and archive directories', () => {
  const rows: Array<[string, string[]]> = [
    ['curl -so /etc/sudoers http://example.com', ['/etc/sudoers']],
    ['curl -o/etc/sudoers http://example.com', ['/etc/sudoers']],
    ['curl -sSLo /etc/sudoers.d/x http://example.com', ['/etc/sudoers.d/x']],
    ['curl --output /etc/sudoers http://example.com', ['/etc/sudoers']],
    ['curl -O --output-dir /etc/sudoers.d http://example.com/f', ['/etc/sudoers.d']],
    ['wget -qO /etc/sudoers http://example.com', ['/etc/sudoers']],
    ['wget -O/etc/sudoers http://example.com', ['/etc/sudoers']],
    ['wget --output-doc=/etc/sudoers http://example.com', ['/etc/sudoers']],
    ['wget -P /etc/sudoers.d http://example.com/f', ['/etc/sudoers.d']],
    ['sort -uo /etc/sudoers /tmp/x', ['/etc/sudoers']],
    ['sort --output=/etc/sudoers /tmp/x', ['/etc/sudoers']],
    ['time -o /etc/sudoers ls', ['/etc/sudoers']],
    ['find / -fprint /etc/sudoers', ['/etc/sudoers']],
    ['visudo -f /etc/sudoers.d/x', ['/etc/sudoers.d/x']],
    ['tar -xf /tmp/x.tar -C /etc/sudoers.d', ['/etc/sudoers.d']],
    ['tar xf /tmp/x.tar -C/etc/sudoers.d', ['/etc/sudoers.d']],
    ['tar -x --file=/tmp/x.tar --directory=/etc/sudoers.d', ['/etc/sudoers.d']],
    ['unzip /tmp/x.zip -d /etc/sudoers.d', ['/etc/sudoers.d']],
  ];
  it('an option value or an archive directory is written in every spelling, and sudoers among them is denied', () => {
    for (const [line, writes] of rows) {
      const facts = classifyShellLine(line);
      assert.deepEqual(facts.writePaths, writes, line);
      assert.ok(facts.danger.includes('sudoers_write'), `${line}: ${JSON.stringify(facts.danger)}`);
      assert.equal(decideShell(facts).effect, 'deny', line);
    }
  });

  it('unpacks into every directory its -C options lead to, each relative one from the one before', () => {
    for (const [line, writes] of [
      ['tar -xf /tmp/x.tar -C / -C etc/sudoers.d', ['/', '/etc/sudoers.d']],
      ['tar -xf /tmp/x.tar -C /tmp --directory=/etc/sudoers.d', ['/tmp', '/etc/sudoers.d']],
      ['tar -xf /tmp/x.tar --directory=/etc/sudoers.d -C /tmp', ['/etc/sudoers.d', '/tmp']],
    ] as const) {
      const facts = classifyShellLine(line);
      assert.deepEqual(facts.writePaths, writes, line);
      assert.deepEqual(facts.danger, ['sudoers_write'], line);
      assert.equal(decideShell(facts).effect, 'deny', line);
    }
    assert.deepEqual(classifyShellLine('tar -xf /tmp/x.tar -C /srv -C app').writePaths, ['/srv', '/srv/app']);
  });

  it("touch's time source and dates are no files it writes: a passwd file it only takes a time from stays unchanged", () => {
    for (const line of ['touch -r /etc/passwd /tmp/stamp', 'touch --reference=/etc/passwd /tmp/stamp', 'touch -d 2020-01-01 /tmp/stamp', 'touch -t 202001010000 /tmp/stamp']) {
      const facts = classifyShellLine(line);
      assert.deepEqual({ writes: facts.writePaths, danger: facts.danger }, { writes: ['/tmp/stamp'], danger: [] }, line);
      assert.equal(decideShell(facts).effect, 'review', line);
    }
    assert.deepEqual(classifyShellLine('touch -r /tmp/stamp /etc/passwd').danger, ['passwd_write']);
  });

  it('unpacks into the working directory when no directory is given, and lists, tests or prints without writing', () => {
    for (const [line, writes] of [
      ['tar xf /tmp/x.tar', ['~']],
      ['tar -xzf /tmp/x.tgz --directory=/srv', ['/srv']],
      ['cd /opt && tar -xf /tmp/x.tar', ['/opt']],
      ['unzip -o /tmp/x.zip', ['~']],
      ['tar tf /tmp/x.tar', []],
      ['tar -xOf /tmp/x.tar', []],
      ['tar --extract --to-stdout -f /tmp/x.tar', []],
      ['tar -tvf /tmp/x.tar', []],
      ['unzip -l /tmp/x.zip', []],
      ['unzip -t /tmp/x.zip', []],
      ['curl -s http://example.com', []],
      ['sort -u /tmp/x', []],
    ] as const) {
      assert.deepEqual(classifyShellLine(line).writePaths, writes, line);
    }
  });
});

// Lexical paths: what a path names once "." and ".." and repeated slashes are read as the kernel
// reads them, and the home directory forms. Relative paths keep the ".." that climb above them,
// since a later working directory decides where they land.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { normalizePath } from '../../tools/ssh/classify/paths.ts';

before(() => initShellParser());

describe('normalizing a path', () => {
  const cases: Array<[path: string, normalized: string]> = [
    ['/etc//./ssh/../shadow', '/etc/shadow'],
    ['/../../etc/shadow', '/etc/shadow'],
    ['../../etc/shadow', '../../etc/shadow'],
    ['a/../../b', '../b'],
    ['a/b/../../..', '..'],
    ['./x/./', 'x'],
    ['', '.'],
    ['.', '.'],
    ['~', '~'],
    ['~/.ssh/../.aws/credentials', '~/.aws/credentials'],
    ['~/..', '/home'],
    ['~/../../etc', '/etc'],
    ['~root/.ssh', '/root/.ssh'],
    ['~bob/.ssh/id_rsa', '/home/bob/.ssh/id_rsa'],
    ['~bob', '/home/bob'],
    // a process's root and working directory under /proc name "/" and a directory not known here
    ['/proc/self/root/etc/shadow', '/etc/shadow'],
    ['/proc/1/task/7/root/etc/shadow', '/etc/shadow'],
    ['/proc/thread-self/root/../etc', '/etc'],
    ['/proc/self/root', '/'],
    ['/proc/self/cwd/.pgpass', '/\uE002/.pgpass'],
    ['/proc/self/rootfs/x', '/proc/self/rootfs/x'],
    ['/proc/1/task/root/x', '/proc/1/task/root/x'],
  ];
  for (const [path, normalized] of cases) it(`${JSON.stringify(path)} is ${JSON.stringify(normalized)}`, () => assert.equal(normalizePath(path), normalized));
});

describe('compressors read their operands only when they write to stdout', () => {
  it('reads the files of -c, --stdout and -dc, and not the value of -S', () => {
    assert.deepEqual(classifyShellLine('gzip -c -S .x /etc/shadow').sensitiveReads, ['/etc/shadow']);
    assert.deepEqual(classifyShellLine('gzip -c -S .x /etc/shadow').readsPaths, ['/etc/shadow']);
    assert.deepEqual(classifyShellLine('xz --stdout /tmp/a').readsPaths, ['/tmp/a']);
    assert.deepEqual(classifyShellLine('bzip2 -dc /tmp/a.bz2 /tmp/b.bz2').readsPaths, ['/tmp/a.bz2', '/tmp/b.bz2']);
  });

  it('reads nothing when they compress in place', () => {
    assert.deepEqual(classifyShellLine('gzip /tmp/a').readsPaths, []);
    assert.deepEqual(classifyShellLine('zstd -k /tmp/a').readsPaths, []);
  });
});

describe('a path through /proc/PID/root is the path below "/"', () => {
  it('is a secret read, a root delete and a sudoers write', () => {
    assert.deepEqual(classifyShellLine('cd /proc/1/root/etc; cat shadow').sensitiveReads, ['/etc/shadow']);
    assert.deepEqual(classifyShellLine('rm -rf /proc/self/root/').danger, ['recursive_delete_root']);
    assert.deepEqual(classifyShellLine('echo x > /proc/1/root/etc/sudoers.d/x').danger, ['sudoers_write']);
  });
});

// A command the classifier does not know as a reader may still print, send or re-expose a file it is
// given: `git diff --no-index /dev/null KEY` prints it, `ln -s KEY /tmp/k` and `mv KEY /tmp/k` give
// it a name no rule protects, `perl -pe1 KEY` runs code over it. A secret named as an operand of any
// command is a secret read, unless the command is known to use only the file's name, metadata or
// authority (ls, stat, chmod, ssh -i, ...) or only writes it.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

const SECRET = [
  'git diff --no-index /dev/null ~/.ssh/id_rsa',
  'join ~/.ssh/id_rsa ~/.ssh/id_rsa',
  'man -l ~/.ssh/id_rsa',
  'perl -pe1 ~/.ssh/id_rsa',
  'ruby -pe1 /etc/shadow',
  'python3 -c "import sys; print(open(sys.argv[1]).read())" ~/.aws/credentials',
  'ln -s ~/.ssh/id_rsa /tmp/k',
  'ln ~/.ssh/id_rsa /tmp/k',
  'ln -s ~/.ssh /tmp/s',
  'link /etc/shadow /tmp/s',
  'mv ~/.ssh/id_rsa /tmp/k',
  'mv ~/.aws /tmp/a',
  'install -m 644 ~/.ssh/id_rsa /tmp/k',
  'mount --bind ~/.gnupg /mnt/g',
  'some-tool --input=/etc/shadow',
  'some-tool ~/.kube/config',
];

const CLEAR = [
  'ls -la ~/.ssh',
  'stat ~/.ssh/id_rsa',
  'chmod 600 ~/.ssh/id_rsa',
  'chown bob ~/.ssh/authorized_keys',
  'ssh -i ~/.ssh/id_rsa host uptime',
  'ssh-keygen -lf ~/.ssh/id_rsa',
  'sha256sum /etc/shadow',
  'wc -l /etc/shadow',
  'test -f ~/.ssh/id_rsa',
  'rm ~/.ssh/known_hosts.old',
  'mkdir -p ~/.ssh',
  'touch ~/.ssh/config',
  'echo ~/.ssh/id_rsa',
  'git -C /srv/app status',
  'mv /tmp/a /tmp/b',
  'some-tool /srv/app/data.csv',
];

describe('a secret given to any command that may read it', () => {
  for (const line of SECRET) {
    it(`${line} is a secret read, denied`, () => {
      const facts = classifyShellLine(line);
      assert.equal(facts.hasError, false, facts.error);
      assert.equal(decideShell(facts).effect, 'deny');
      assert.ok(facts.sensitiveReads.length > 0, line);
    });
  }
});

describe('a secret given to a command that uses only its name, metadata or authority', () => {
  for (const line of CLEAR) it(`${line} is no secret read`, () => assert.deepEqual(classifyShellLine(line).sensitiveReads, [], line));
});

// GNU parallel runs its command once per argument after :::, and a glob there expands to the files
// it matches before parallel sees them: `parallel cat ::: ~/.ssh/*` reads every key. The arguments
// reach the command as the line shows them, globs included, so a secret one is a secret read,
// denied; a command the line does not show runs code known only at run time.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

const SECRET_READS = [
  'parallel cat ::: ~/.ssh/*',
  'parallel cat ::: ~/.ssh/id_*',
  'parallel cat ::: /etc/shad*',
  'parallel -j2 base64 ::: ~/.aws/cred*',
  'parallel -k cat ::: /tmp/a ~/.pgpass*',
  'parallel cat ::: ~/.ssh/id_rsa',
];

describe('parallel', () => {
  for (const line of SECRET_READS) {
    it(`${line} is a secret read, denied`, () => {
      const facts = classifyShellLine(line);
      assert.ok(facts.sensitiveReads.length > 0, `no secret read in ${JSON.stringify(facts.readsPaths)}`);
      assert.equal(decideShell(facts).effect, 'deny');
    });
  }
  it('gives the command after its options only the arguments after :::', () => {
    assert.deepEqual(classifyShellLine('parallel -j2 gzip ::: /var/log/*.log').writePaths, ['/var/log/*.log']);
    assert.deepEqual(classifyShellLine('parallel -j2 cat ::: /tmp/a').readsPaths, ['/tmp/a']);
  });
  it('runs code known only at run time when the line does not show its command', () => {
    const facts = classifyShellLine('parallel $CMD ::: /tmp/a');
    assert.ok(facts.readOnlyBlockers.includes('runs code known only at run time (parallel)'), facts.readOnlyBlockers.join('; '));
    assert.deepEqual(facts.readsPaths, []);
  });
});

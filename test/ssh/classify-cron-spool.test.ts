// A crontab in the cron spool loses its jobs to any write that replaces it, not only to rm or
// truncate: `: >`, cp or mv over it, sed -i, tee, dd. Each is a crontab_remove danger (denied), as
// `crontab -r` is; appending a line (`>>`) and reading remove nothing.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

const REMOVING = [
  'rm /var/spool/cron/crontabs/root',
  'rm /var/spool/cron/crontabs/*',
  'rm -r /var/spool/cron',
  'cd /var/spool/cron && rm crontabs/root',
  'unlink /var/spool/cron/root',
  'shred -u /var/spool/cron/crontabs/root',
  'truncate -s0 /var/spool/cron/root',
  ': > /var/spool/cron/crontabs/root',
  'echo > /var/spool/cron/root',
  'cp /dev/null /var/spool/cron/crontabs/root',
  'mv /tmp/empty /var/spool/cron/crontabs/root',
  'sed -i d /var/spool/cron/crontabs/root',
  'tee /var/spool/cron/crontabs/root < /dev/null',
  'dd if=/dev/null of=/var/spool/cron/crontabs/root',
];

const KEEPING = ['echo "* * * * * date" >> /var/spool/cron/crontabs/root', 'cat /var/spool/cron/crontabs/root', 'rm /var/spool/cronjobs.txt', 'crontab -l'];

describe('crontabs in the cron spool', () => {
  for (const line of REMOVING) {
    it(`denies ${line} as removing a crontab`, () => {
      const facts = classifyShellLine(line);
      assert.ok(facts.danger.includes('crontab_remove'), `${line}: ${facts.danger.join(', ')}`);
      assert.equal(decideShell(facts).effect, 'deny');
    });
  }
  for (const line of KEEPING) {
    it(`does not read ${line} as removing a crontab`, () => {
      assert.ok(!classifyShellLine(line).danger.includes('crontab_remove'), line);
    });
  }
});

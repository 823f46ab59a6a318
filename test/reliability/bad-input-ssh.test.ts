// Huge and binary command output, and look-alike command names, through a real gatehouse (stdio and
// HTTP) on a real sshd and PostgreSQL: 20 MB of random bytes, endless output, invalid UTF-8 and NUL
// bytes come back capped at limits.maxBytes as valid JSON with bad bytes escaped; a line whose command
// name is spelled with look-alike characters is refused or held, and nothing of it runs.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { sshdSkipReason, startSshd, type Sshd } from '../fixtures/sshd.ts';
import { auditedCalls, readVerifiedAudit } from './audit-calls.ts';
import { assertCleanAnswer, assertNoCrash, countingCaller, refusalOf, type CallResult } from './clean-answers.ts';

const MAX_BYTES = 64 * 1024;
const LONE_SURROGATE = /\p{Cs}/u;

interface ProcessOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  truncated?: { reason: string; limit: number };
}

describe('huge and binary output, look-alike command names', { skip: sshdSkipReason() }, () => {
  let db: TestDatabase;
  let sshd: Sshd;

  before(async () => {
    db = await createTestDatabase();
    sshd = await startSshd();
  });
  after(async () => {
    await sshd?.stop();
    await db?.drop();
  });

  for (const transport of ['stdio', 'http'] as const) {
    describe(`over ${transport}`, () => {
      let gh: RunningGatehouse;
      const caller = countingCaller(() => gh);
      const exec = async (command: string): Promise<CallResult> => {
        const result = await caller.call('ssh_exec', { host: 'web-1', command });
        assertCleanAnswer(result, command);
        return result;
      };
      const output = (result: CallResult) => {
        assert.equal(result.isError, undefined, JSON.stringify(result).slice(0, 300));
        return result.structuredContent as unknown as ProcessOutput;
      };

      before(async () => {
        gh = await startGatehouse(
          {
            identity: { stdio: { id: 'agent', groups: ['dev'] }, http: { id: 'agent', groups: ['dev'] } },
            connections: {
              'web-1': { type: 'ssh', host: sshd.host, port: sshd.port, user: sshd.user, privateKey: `file:${sshd.clientKeyPath}`, hostKey: sshd.hostPublicKey },
              shop: { type: 'postgres', url: db.url },
            },
            limits: { timeout: '20s', maxBytes: MAX_BYTES },
            // Many lines are held for review: the open-request cap is not what this test is about.
            approvals: { wait: '10ms', maxOpenPerPrincipal: 1000 },
          },
          transport,
        );
      });
      after(async () => {
        await gh?.stop();
      });

      it('caps 20 MB of random bytes at limits.maxBytes, with invalid UTF-8 escaped and the agent told', async () => {
        const result = await exec('head -c 20000000 /dev/urandom');
        const out = output(result);
        assert.deepEqual(out.truncated, { reason: 'bytes', limit: MAX_BYTES });
        assert.match(out.stdout, /\\x[0-9A-F]{2}/);
        assert.doesNotMatch(out.stdout, LONE_SURROGATE);
        assert.ok(out.stdout.length <= 4 * MAX_BYTES, `stdout holds ${out.stdout.length} characters`);
        assert.match(result.content[0]?.text ?? '', new RegExp(`cut at the limit of ${MAX_BYTES} bytes`));
      });

      it('stops commands with endless output at the cap and answers', async () => {
        for (const command of ['cat /dev/zero', 'cat /dev/urandom', 'head -c 100000000 /dev/urandom >&2']) {
          const out = output(await exec(command));
          assert.deepEqual(out.truncated, { reason: 'bytes', limit: MAX_BYTES }, command);
          assert.doesNotMatch(out.stdout + out.stderr, LONE_SURROGATE, command);
        }
      });

      it('shows invalid UTF-8 and NUL bytes as escapes and characters, never as broken text', async () => {
        assert.equal(output(await exec(String.raw`printf '\xff\xfe\x00'`)).stdout, '\\xFF\\xFE\u0000');
        // A surrogate encoded in UTF-8 (CESU) is invalid UTF-8: it must not become a lone surrogate.
        assert.equal(output(await exec(String.raw`printf 'a\xed\xa0\x80b'`)).stdout, 'a\\xED\\xA0\\x80b');
        assert.equal(output(await exec(String.raw`printf '\xc3' >&2`)).stderr, '\\xC3');
      });

      it('refuses or holds a look-alike command name, and runs nothing of the line', async () => {
        const victim = join(sshd.dir, `victim-${transport}`);
        mkdirSync(victim, { recursive: true });
        writeFileSync(join(victim, 'keep'), 'x');
        const marker = join(sshd.dir, `ran-${transport}`);
        for (const name of ['ｒｍ', 'rм', 'r\u200bm', 'r\u00adm', 'ｓｕｄｏ rm', 'ｅｎｖ rm']) {
          const line = `${name} -rf ${victim}; touch ${marker}`;
          const refusal = refusalOf(await exec(line));
          assert.ok(refusal?.code === 'denied' || refusal?.code === 'approval_pending', `${JSON.stringify(line)}: ${JSON.stringify(refusal)}`);
        }
        assert.equal(existsSync(marker), false, 'part of a refused line ran');
        assert.equal(existsSync(join(victim, 'keep')), true);
      });

      it('denies a secret read however the secret is named or reaches its reader, and runs nothing of the line', async () => {
        const marker = join(sshd.dir, `read-${transport}`);
        for (const read of [
          'find ~/.ssh -type f | xargs cat',
          'for f in ~/.ssh/*; do cat "$f"; done',
          'cat /home/*/.ssh/id_rsa',
          'cat /proc/self/root/etc/shadow',
          'git diff --no-index /dev/null ~/.ssh/id_rsa',
          'ln -s ~/.ssh/id_rsa /tmp/k',
          'env | grep -i key',
          'cat ~/.config/gh/hosts.yml',
          'wc -l --files0-from=/etc/shadow',
          'cat /var/backups/shadow.bak',
          'cat notes.txt\ufe00\u{e0100}',
        ]) {
          const line = `touch ${marker}; ${read}`;
          assert.equal(refusalOf(await exec(line))?.code, 'denied', line);
        }
        assert.equal(existsSync(marker), false, 'part of a denied line ran');
      });

      it('denies SQL with a look-alike keyword, and the table survives', async () => {
        for (const sql of ['DRОP TABLE customers', 'SELECT 1; DRОP TABLE customers', 'ＤＥＬＥＴＥ FROM customers']) {
          const result = await caller.call('postgres_query', { connection: 'shop', sql });
          assertCleanAnswer(result, sql);
          assert.equal(refusalOf(result)?.code, 'denied', sql);
        }
        assert.deepEqual(await db.query('SELECT count(*)::int AS n FROM customers'), [{ n: 5 }]);
      });

      it('kept serving: a plain command works, no crash was logged, every call is audited once', async () => {
        assert.equal(output(await exec('echo still here')).stdout, 'still here\n');
        assertNoCrash(gh.logs());
        assert.equal(auditedCalls(await readVerifiedAudit(gh.storeFile)).size, caller.count);
      });
    });
  }
});

// Large SQL is classified on a worker thread (server.largeInputs). When that worker overruns its
// time or dies (out of heap), the call is refused as unclassified, on record, with nothing run on
// the database, and the server goes on serving: small calls in place, large ones on a new worker.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { auditedCalls, outcomeIn, readVerifiedAudit } from './audit-calls.ts';
import { refusalOf, type CallResult } from './clean-answers.ts';

/** A write of about 200 kB: a worker needs far more than a millisecond, and far more than 16 MB of heap, to parse it. */
const largeWrite = (tag: string) => `INSERT INTO probe (tag) SELECT '${tag}' WHERE 1 IN (${Array.from({ length: 40_000 }, (_, i) => i).join(',')})`;

describe('large SQL when its worker thread fails', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase();
    await db.query('CREATE TABLE probe (tag text)');
  });
  after(async () => {
    await db?.drop();
  });

  const cases = [
    ['overruns its time', { threads: 1, minChars: 1000, timeoutMs: 1 }],
    ['runs out of heap', { threads: 1, minChars: 1000, maxHeapMb: 16 }],
  ] as const;
  for (const [failure, largeInputs] of cases) {
    describe(`a worker that ${failure}`, () => {
      let gh: RunningGatehouse;
      const call = async (sql: string) => (await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } })) as CallResult;

      before(async () => {
        const policy = join(tmpdir(), `gatehouse-workers-${process.pid}.yaml`);
        writeFileSync(policy, "default: allow\nrules:\n  - { id: everything, when: 'true', effect: allow, reason: tests what runs }\n");
        gh = await startGatehouse({ identity: { stdio: { id: 'agent', groups: [] } }, connections: { shop: { type: 'postgres', url: db.url } }, policies: [policy], server: { largeInputs } }, 'stdio');
      });
      after(async () => {
        await gh?.stop();
      });

      it('refuses the call as unclassified, runs nothing, records the refusal, and keeps serving', async () => {
        const tag = `large-${failure.replace(/\W/g, '-')}`;
        for (let attempt = 0; attempt < 2; attempt++) {
          const refusal = refusalOf(await call(largeWrite(tag)));
          assert.equal(refusal?.code, 'classification_failed');
          assert.equal(refusal?.message, 'the call could not be classified, so it was not executed');
        }
        assert.deepEqual(await db.query('SELECT tag FROM probe WHERE tag = $1', [tag]), []);
        const small = await call("INSERT INTO probe (tag) VALUES ('small') RETURNING tag");
        assert.equal(small.isError, undefined, JSON.stringify(small).slice(0, 300));
        assert.deepEqual(await db.query("SELECT tag FROM probe WHERE tag = 'small'"), [{ tag: 'small' }]);
        await db.query("DELETE FROM probe WHERE tag = 'small'");

        const events = [...auditedCalls(await readVerifiedAudit(gh.storeFile)).values()].filter((e) => e.some((x) => x.type === 'call.requested' && JSON.stringify(x.data.args).includes(tag)));
        assert.equal(events.length, 2);
        for (const one of events) {
          const outcome = outcomeIn(one);
          assert.equal(outcome.type, 'call.error');
          assert.match(JSON.stringify(outcome.data), /classification_failed/);
          assert.ok(!one.some((e) => e.type === 'call.decided'), 'an unclassified call was decided');
        }
      });
    });
  }
});

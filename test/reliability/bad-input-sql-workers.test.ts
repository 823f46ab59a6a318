// Large SQL is classified on a worker thread (server.largeInputs). When that worker overruns its
// time or dies (out of heap), the call is refused as unclassified, on record, with nothing run on
// the database, and the server goes on serving: small calls in place, large ones on a new worker.
// The calls after the failures come from another principal: the failed jobs' time counts against
// the first one's evaluation share (as it should: it held the worker), and on a loaded machine two
// of them can spend all of it, which would refuse that principal's next call as too_many_calls.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { generateApiKey, hashApiKey } from '../../src/identity/index.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { auditedCalls, outcomeIn, readVerifiedAudit } from './audit-calls.ts';
import { refusalOf, type CallResult } from './clean-answers.ts';

/** A write of about 200 kB: a worker needs far more than a millisecond, and far more than 16 MB of heap, to parse it. */
const largeWrite = (tag: string) => `INSERT INTO probe (tag) SELECT '${tag}' WHERE 1 IN (${Array.from({ length: 40_000 }, (_, i) => i).join(',')})`;
/** A write of about 2 kB: past minChars, so it goes to a worker, and small enough for 16 MB of heap. */
const modestWrite = (tag: string) => `INSERT INTO probe (tag) SELECT '${tag}' WHERE 1 IN (${Array.from({ length: 400 }, (_, i) => i).join(',')})`;
const agentKey = generateApiKey();
const neighbourKey = generateApiKey();

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
    // Third: whether a large call that fits can run afterwards (no job fits in 1 ms).
    ['overruns its time', { threads: 1, minChars: 1000, timeoutMs: 1 }, false],
    ['runs out of heap', { threads: 1, minChars: 1000, maxHeapMb: 16 }, true],
  ] as const;
  for (const [failure, largeInputs, fitsAfterwards] of cases) {
    describe(`a worker that ${failure}`, () => {
      let gh: RunningGatehouse;
      let neighbour: Client;
      const callAs = async (client: Client, sql: string) => (await client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } })) as CallResult;

      before(async () => {
        const policy = join(tmpdir(), `gatehouse-workers-${process.pid}.yaml`);
        writeFileSync(policy, "default: allow\nrules:\n  - { id: everything, when: 'true', effect: allow, reason: tests what runs }\n");
        const identity = { apiKeys: [{ id: 'agent', groups: [], sha256: hashApiKey(agentKey) }, { id: 'neighbour', groups: [], sha256: hashApiKey(neighbourKey) }] };
        gh = await startGatehouse({ identity, connections: { shop: { type: 'postgres', url: db.url } }, policies: [policy], server: { largeInputs } }, 'http', { token: agentKey });
        neighbour = new Client({ name: 'neighbour', version: '1.0.0' });
        await neighbour.connect(new StreamableHTTPClientTransport(new URL(gh.url as string), { authProvider: { token: async () => neighbourKey } }));
      });
      after(async () => {
        await neighbour?.close().catch(() => undefined);
        await gh?.stop();
      });

      it('refuses the call as unclassified, runs nothing, records the refusal, and keeps serving', async () => {
        const tag = `large-${failure.replace(/\W/g, '-')}`;
        for (let attempt = 0; attempt < 2; attempt++) {
          const refusal = refusalOf(await callAs(gh.client, largeWrite(tag)));
          assert.equal(refusal?.code, 'classification_failed');
          assert.equal(refusal?.message, 'the call could not be classified, so it was not executed');
        }
        assert.deepEqual(await db.query('SELECT tag FROM probe WHERE tag = $1', [tag]), []);
        const small = await callAs(neighbour, "INSERT INTO probe (tag) VALUES ('small') RETURNING tag");
        assert.equal(small.isError, undefined, JSON.stringify(small).slice(0, 300));
        if (fitsAfterwards) {
          // A large call that fits runs on a worker started anew.
          const onWorker = await callAs(neighbour, modestWrite('modest'));
          assert.equal(onWorker.isError, undefined, JSON.stringify(onWorker).slice(0, 300));
        }
        assert.deepEqual(await db.query("SELECT tag FROM probe WHERE tag IN ('small', 'modest') ORDER BY tag"), fitsAfterwards ? [{ tag: 'modest' }, { tag: 'small' }] : [{ tag: 'small' }]);
        await db.query("DELETE FROM probe WHERE tag IN ('small', 'modest')");

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

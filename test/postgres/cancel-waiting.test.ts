// A call cancelled while it waits for a connection (the pool's clients all lent out) stops there:
// the cancel, from the agent or the kill switch, must not be lost because it landed before the
// call held a client, or a write would run after its call was stopped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { postgresPack } from '../../tools/postgres/index.ts';
import { suiteHarness } from './pack-harness.ts';

const LIMITS = { timeoutMs: 10_000, maxRows: 100, maxBytes: 64 * 1024 };

describe('a cancel while the call waits for a connection', () => {
  const pack = suiteHarness((p) => p.db.query('CREATE TABLE marks (label text NOT NULL)'));

  // Each holds its pool's only client for half a second; the call behind it is cancelled meanwhile.
  for (const [kind, holding, sql, message] of [
    ['a write', 'NOTIFY gatehouse_probe; SELECT pg_sleep(0.5)', "INSERT INTO marks VALUES ('after-cancel')", 'the call was cancelled; its connection was closed (a write not yet committed was rolled back; one being committed may have been)'],
    ['a read', 'SELECT pg_sleep(0.5)', 'SELECT label FROM marks', 'the call was cancelled; its connection was closed'],
  ] as const) {
    it(`${kind} cancelled before a client is free never runs`, { timeout: 20_000 }, async () => {
      const conn = pack().open();
      const start = (text: string, signal: AbortSignal) => {
        const classification = postgresPack.classify('postgres_query', { connection: 'shop', sql: text });
        return postgresPack.execute({ tool: 'postgres_query', args: { connection: 'shop', sql: text }, connection: conn, targets: [] }, { limits: LIMITS, readOnly: classification.readOnly, signal, classification });
      };
      try {
        const holder = start(holding, new AbortController().signal);
        const controller = new AbortController();
        const waiting = start(sql, controller.signal);
        setTimeout(() => controller.abort(), 100);
        await assert.rejects(waiting, (e: unknown) => e instanceof ToolError && e.code === 'cancelled' && e.message === message);
        await holder;
        assert.deepEqual(await pack().db.query('SELECT count(*)::int AS marks FROM marks'), [{ marks: 0 }]);
      } finally {
        await conn.close();
      }
    });
  }
});

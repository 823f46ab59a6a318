// The pipeline's last wall: a failure no stage expected (here, a result that breaks while being
// rendered, after masking) refuses the call with a generic message that quotes nothing, and, since
// the call is already on record as requested, records its end, so replay never shows it running.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ToolResult } from '../../src/pipeline/result.ts';
import { readPack, startPackRuntime } from '../fixtures/read-pack.ts';

const SECRET_DETAIL = 'detail-that-must-not-reach-the-agent';

/** A table whose rows can be read once (by masking); the next read (rendering) throws. */
function breaksOnRender(): ToolResult {
  const result = { kind: 'table', columns: [{ name: 'n', type: 'int4' }], command: 'SELECT', rowCount: 1 } as ToolResult & { rows: unknown[][] };
  let reads = 0;
  Object.defineProperty(result, 'rows', {
    get: () => {
      if (reads++ > 0) throw new Error(SECRET_DETAIL);
      return [[1]];
    },
  });
  return result;
}

const brokenPack = readPack('broken', async () => breaksOnRender());

describe('pipeline: an unexpected failure after the write-ahead record', () => {
  it('refuses with a generic message and records the call as ended', async () => {
    const runtime = await startPackRuntime(brokenPack);
    try {
      const principal = runtime.principals.stdio;
      const { session } = runtime.sessions.resolve('pipeline-test', 'stdio', 'test');
      const result = await runtime.pipeline('broken_read', {}, { principal, session, sessionOpened: true, signal: new AbortController().signal });
      assert.equal(result.isError, true);
      assert.equal((result.structuredContent.error as { code: string }).code, 'internal');
      assert.ok(!JSON.stringify(result).includes(SECRET_DETAIL));
      const events = await runtime.store.events();
      const requested = events.find((e) => e.type === 'call.requested');
      const ended = events.filter((e) => e.callId === requested?.callId && e.type === 'call.error');
      assert.equal(ended.length, 1, JSON.stringify(events.map((e) => e.type)));
      assert.equal(ended[0]?.data.code, 'internal');
    } finally {
      await runtime.close();
    }
  });
});

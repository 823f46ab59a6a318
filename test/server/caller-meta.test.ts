// The caller's `_meta`, checked before it names a session or reaches a record: the W3C traceparent
// form exactly, protocol revisions as dates, client names printable and capped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCallerMeta } from '../../src/server/caller-meta.ts';

const INFO = 'io.modelcontextprotocol/clientInfo';
const VERSION = 'io.modelcontextprotocol/protocolVersion';
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('caller meta', () => {
  it('takes the envelope over initialize, and initialize when there is no envelope', () => {
    assert.equal(readCallerMeta({ envelope: { [INFO]: { name: 'a', version: '1' } }, initialized: { name: 'b', version: '2' } }).client, 'a/1');
    assert.equal(readCallerMeta({ initialized: { name: 'b', version: '2' }, negotiatedVersion: '2025-11-25' }).client, 'b/2');
    assert.equal(readCallerMeta({ initialized: { name: 'b' }, negotiatedVersion: '2025-11-25' }).protocolVersion, '2025-11-25');
    assert.equal(readCallerMeta({}).client, 'unknown');
  });

  it('records a traceparent only in its exact W3C version-00 form', () => {
    const valid = `00-${TRACE}-00f067aa0ba902b7-01`;
    assert.equal(readCallerMeta({ meta: { traceparent: valid } }).traceId, TRACE);
    for (const bad of [
      valid.toUpperCase(),
      `ff-${TRACE}-00f067aa0ba902b7-01`,
      `01-${TRACE}-00f067aa0ba902b7-01`,
      `00-${TRACE}-00f067aa0ba902b7-01-extra`,
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-${TRACE}-${'0'.repeat(16)}-01`,
      ` ${valid}`,
      `${valid}\n`,
      42,
    ]) {
      const meta = readCallerMeta({ meta: { traceparent: bad } });
      assert.equal(meta.traceId, undefined, String(bad));
      assert.deepEqual(meta.problems, ['traceparent is not a W3C version-00 traceparent; ignored']);
    }
  });

  it('drops a protocol version that is not a dated revision', () => {
    const meta = readCallerMeta({ envelope: { [VERSION]: '2026-07-28\u001b[2J' } });
    assert.equal(meta.protocolVersion, undefined);
    assert.equal(meta.problems.length, 1);
  });

  // Setting right-to-left runs apart is how each medium draws them, not part of what is recorded.
  it('records a client name in a right-to-left script as it was given, unflagged', () => {
    const meta = readCallerMeta({ initialized: { name: 'סוכן', version: '1' } });
    assert.equal(meta.client, 'סוכן/1');
    assert.equal(meta.clientEscaped, false);
  });

  it('escapes hidden characters, caps lengths and ignores names that are not text', () => {
    const escaped = readCallerMeta({ envelope: { [INFO]: { name: 'a\u202eb\u0000', version: '1\u2066' } } });
    assert.equal(escaped.client, 'a\\u202eb\\u0000/1\\u2066');
    assert.equal(escaped.clientEscaped, true);
    const long = readCallerMeta({ envelope: { [INFO]: { name: 'x'.repeat(10_000), version: 'v'.repeat(100) } } });
    assert.equal(long.client, `${'x'.repeat(80)}…/${'v'.repeat(40)}…`);
    assert.equal(long.clientEscaped, false);
    assert.equal(readCallerMeta({ envelope: { [INFO]: { name: { toString: 'x' } } } }).client, 'unknown');
  });

  it('names a request that names no client by its User-Agent, as a hint only, escaped and capped', () => {
    assert.equal(readCallerMeta({ initialized: { name: 'cli', version: '1' }, userAgent: 'node' }).client, 'cli/1');
    assert.equal(readCallerMeta({ userAgent: 'node' }).client, 'unknown (User-Agent: node)');
    const hidden = readCallerMeta({ userAgent: 'a\u202eb' });
    assert.equal(hidden.client, 'unknown (User-Agent: a\\u202eb)');
    assert.equal(hidden.clientEscaped, true);
    assert.ok(readCallerMeta({ userAgent: 'x'.repeat(500) }).client.length < 120);
  });
});

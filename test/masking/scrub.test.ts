// The second wall, scrubValue: copy on write (a clean value comes back as the same reference, a
// dirty one as a copy of the changed path only), and sealing, which lets the recorder take an
// event the pipeline already scrubbed without walking it again, while an unsealed event is still
// scrubbed on its way into a real store.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createRecorder } from '../../src/audit/recorder.ts';
import { createScrubber, scrubAndSeal, scrubValue, type Scrubber } from '../../src/pipeline/scrub.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

const SECRET = 'hunter2-S3cret';
const scrub = createScrubber([SECRET]);

/** The scrubber, counting the strings it is shown. */
function counting(): { scrub: Scrubber; calls: () => number } {
  let calls = 0;
  return {
    scrub: (text) => {
      calls++;
      return scrub(text);
    },
    calls: () => calls,
  };
}

function rendered(cell: string): { content: Array<{ type: 'text'; text: string }>; structuredContent: Record<string, unknown> } {
  return { content: [{ type: 'text', text: `a | b\n1 | ${cell}` }], structuredContent: { rows: [['1', cell], ['2', 'plain']], rowCount: 2 } };
}

describe('scrubValue', () => {
  it('returns the same reference when nothing inside changes', () => {
    const value = { result: rendered('clean'), tags: ['a', 'b'], n: 1, none: null };
    assert.equal(scrubValue(value, scrub), value);
  });

  it('copies only the path to a changed string and leaves the input as it was', () => {
    const value = { result: rendered(`pw ${SECRET}`), other: { deep: ['x'] } };
    const scrubbed = scrubValue(value, scrub);
    assert.notEqual(scrubbed, value);
    assert.deepEqual(scrubbed.result.structuredContent.rows, [['1', 'pw [REDACTED:secret]'], ['2', 'plain']]);
    assert.equal(scrubbed.result.content[0]?.text, 'a | b\n1 | pw [REDACTED:secret]');
    assert.equal(scrubbed.other, value.other, 'an unchanged sibling is shared');
    assert.equal((scrubbed.result.structuredContent.rows as unknown[][])[1], (value.result.structuredContent.rows as unknown[][])[1]);
    assert.equal((value.result.structuredContent.rows as unknown[][])[0]?.[1], `pw ${SECRET}`, 'the input is untouched');
  });

  it('scrubs keys, keeps "__proto__" as a field and holes as holes', () => {
    const record = JSON.parse(`{"${SECRET}": 1, "__proto__": "${SECRET}", "k": "v"}`) as Record<string, unknown>;
    const scrubbed = scrubValue(record, scrub);
    assert.deepEqual(Object.entries(scrubbed), [
      ['[REDACTED:secret]', 1],
      ['__proto__', '[REDACTED:secret]'],
      ['k', 'v'],
    ]);
    assert.equal(Object.getPrototypeOf(scrubbed), Object.prototype);
    const sparse = [SECRET, , 'x']; // eslint-disable-line no-sparse-arrays
    const scrubbedSparse = scrubValue(sparse, scrub);
    assert.equal(scrubbedSparse.length, 3);
    assert.ok(!(1 in scrubbedSparse));
  });

  it('turns other objects into plain copies of their fields, so no toJSON prints unseen text', () => {
    const url = new URL(`https://app:${SECRET}@db.internal/`);
    const scrubbed = scrubValue({ url, at: new Date(0) }, scrub);
    assert.equal(JSON.stringify(scrubbed), '{"url":{},"at":{}}');
  });
});

describe('scrubAndSeal', () => {
  it('scrubs once; the same scrubber then takes the sealed value as it is', () => {
    const counter = counting();
    const sealed = scrubAndSeal({ type: 'call.result', data: { result: rendered(SECRET) } }, counter.scrub);
    const afterSeal = counter.calls();
    assert.ok(afterSeal > 0);
    assert.equal(scrubValue(sealed, counter.scrub), sealed);
    assert.equal(counter.calls(), afterSeal, 'no string was looked at again');
    assert.ok(Object.isFrozen(sealed));
    assert.ok(!JSON.stringify(sealed).includes(SECRET));
  });

  it('is walked again by any other scrubber', () => {
    const sealed = scrubAndSeal({ text: 'first-secret second-secret' }, createScrubber(['first-secret']));
    assert.deepEqual(scrubValue(sealed, createScrubber(['second-secret'])), { text: '[REDACTED:secret] [REDACTED:secret]' });
  });
});

describe('the recorder with a real store', () => {
  it('stores a sealed event exactly as sealed, and still scrubs an unsealed one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-scrub-'));
    const store = openSqliteStore(join(dir, 'audit.db'));
    try {
      const record = createRecorder(store, scrub);
      const sealed = scrubAndSeal({ type: 'call.result' as const, session: 's1', data: { result: rendered(`pw ${SECRET}`) } }, scrub);
      await record([sealed, { type: 'call.requested', session: 's1', data: { args: { sql: `SELECT '${SECRET}'` } } }]);
      const [first, second] = await store.events();
      assert.deepEqual(first?.data, JSON.parse(JSON.stringify(sealed.data)));
      assert.deepEqual(second?.data, { args: { sql: "SELECT '[REDACTED:secret]'" } });
      assert.ok(!JSON.stringify(await store.events()).includes(SECRET));
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

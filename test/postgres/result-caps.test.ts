// What a PostgreSQL result tells the agent besides its rows, against a real PostgreSQL through the
// pack's own classify and execute: a multi-statement read reports the tag and count of the
// statement it shows and no other (the counts of the others would answer what they filtered on);
// the byte cap counts the bytes the agent is sent, escapes and multi-byte characters included; and
// a result cut by it says so, even when its first row alone is over the cap. A cell computed from
// protected columns counts as the marker masking shows, so its size does not decide where the cap cuts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Limits } from '../../src/pipeline/toolpack.ts';
import { protectingCustomers, startPackHarness, UNPROTECTED, type PackHarness } from './pack-harness.ts';

const LIMITS: Limits = { timeoutMs: 5000, maxRows: 1000, maxBytes: 256 * 1024 };
const CUT = { reason: 'bytes', limit: LIMITS.maxBytes };

describe('PostgreSQL result tags and caps', () => {
  let pack: PackHarness;

  before(async () => {
    pack = await startPackHarness(LIMITS);
  });
  after(async () => {
    await pack?.close();
  });

  it('reports only the shown statement\'s tag and count in a multi-statement read', async () => {
    const result = await pack.run("SELECT 1 FROM customers WHERE card_number LIKE '4%'; SELECT 1 AS one");
    assert.equal(result.command, 'SELECT');
    assert.equal(result.rowCount, 1);
    const moved = await pack.run("DECLARE c CURSOR FOR SELECT 1 FROM customers WHERE card_number LIKE '4%'; MOVE ALL IN c");
    assert.equal(moved.command, 'MOVE');
    assert.equal(moved.rowCount, 0, 'the count of rows moved (2) answers the LIKE');
  });

  it('keeps the tags of every statement of a write', async () => {
    const result = await pack.run("UPDATE orders SET note = note WHERE status = 'new'; SELECT 1 AS one", { protection: UNPROTECTED });
    assert.equal(result.command, 'UPDATE 2; SELECT 1');
  });

  it("counts a single write's rows as the server reports them, and a read's rows across the cursor's reads", async () => {
    const write = await pack.run("UPDATE orders SET note = note WHERE status = 'new'", { protection: UNPROTECTED });
    assert.deepEqual([write.command, write.rowCount, write.rows], ['UPDATE', 2, []]);
    // 700 rows come in two reads (500, then 200): the count is every row shown, not the last read's.
    const read = await pack.run('SELECT g FROM generate_series(1, 700) AS g');
    assert.deepEqual([read.command, read.rowCount, read.rows.length], ['SELECT', 700, 700]);
  });

  it('says the result was cut when even its first row is over the byte cap, on both paths', async () => {
    for (const sql of ["SELECT repeat('x', 300000) AS big", "SELECT 1; SELECT repeat('x', 300000) AS big"]) {
      const result = await pack.run(sql);
      assert.deepEqual(result.rows, [], sql);
      assert.deepEqual(result.truncated, CUT, sql);
    }
  });

  it('counts the bytes the agent is sent: escapes and multi-byte characters included', async () => {
    // 100,000 control characters are 600,000 bytes of JSON; 100,000 euro signs are 300,000 bytes of UTF-8.
    for (const sql of ['SELECT repeat(chr(1), 100000) AS control', "SELECT repeat('€', 100000) AS euros", 'SELECT 1; SELECT repeat(chr(1), 100000) AS control', "SELECT g, repeat('\"', 1000) FROM generate_series(1, 200) AS g"]) {
      const result = await pack.run(sql);
      assert.deepEqual(result.truncated, CUT, sql);
      assert.ok(Buffer.byteLength(JSON.stringify(result.rows)) <= LIMITS.maxBytes, sql);
    }
    const fits = await pack.run("SELECT repeat('€', 80000) AS euros");
    assert.equal(fits.truncated, undefined);
    assert.equal(fits.rows.length, 1);
  });

  it('cuts at the exact byte: for every character JSON escapes or spells in several bytes, the most that fit are kept and one more is cut', async () => {
    const small = await startPackHarness({ ...LIMITS, maxBytes: 1000 });
    try {
      // Every control character PostgreSQL text can hold (not NUL), the two JSON escapes with a backslash, and UTF-8 of two, three and four bytes.
      const chars = [...Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)), '"', '\\', ' ', '\x7f', 'a', '\x80', 'é', '\u07ff', '\u0800', '€', '\uffff', '\u{10000}', '😀', '\u{10ffff}'];
      for (const char of chars) {
        const each = Buffer.byteLength(JSON.stringify(char)) - 2;
        // One row of one cell: its brackets and quotes, and the result's own brackets, take 7 bytes of the count.
        const most = Math.floor((1000 - 7) / each);
        const cell = (count: number) => `SELECT repeat(${char === '"' ? 'chr(34)' : `chr(${char.codePointAt(0)})`}, ${count}) AS v`;
        const fits = await small.run(cell(most));
        assert.equal(fits.truncated, undefined, `${JSON.stringify(char)}: ${most} fit`);
        assert.ok(Buffer.byteLength(JSON.stringify(fits.rows)) <= 1000);
        assert.deepEqual((await small.run(cell(most + 1))).truncated, { reason: 'bytes', limit: 1000 }, `${JSON.stringify(char)}: ${most + 1} are cut`);
      }
    } finally {
      await small.close();
    }
  });

  it('counts a cell computed from protected columns as the marker it becomes, on both paths: its size does not decide where the cap cuts', async () => {
    const protection = protectingCustomers('email');
    for (const prefix of ['', 'SELECT 1; ']) {
      const sql = `${prefix}SELECT n, repeat('x', 100000 * (ascii(substr(email, n, 1)) & 7)) AS pad FROM ONLY customers, generate_series(1, 16) n WHERE id = 1 ORDER BY n`;
      const result = await pack.run(sql, { protection });
      assert.equal(result.truncated, undefined, sql);
      assert.equal(result.rows.length, 16, sql);
    }
    // A column computed from nothing protected is counted as it is.
    const honest = await pack.run("SELECT n, repeat('x', 100000) AS pad FROM generate_series(1, 16) n", { protection });
    assert.deepEqual(honest.truncated, CUT);
  });

  it('keeps exactly the row cap: a result of that many rows is whole, one more row is cut, on both paths', async () => {
    const rows = (n: number) => `SELECT g FROM generate_series(1, ${n}) AS g`;
    for (const prefix of ['', 'SELECT 1; ']) {
      const whole = await pack.run(prefix + rows(LIMITS.maxRows));
      assert.equal(whole.rows.length, LIMITS.maxRows, prefix);
      assert.equal(whole.truncated, undefined, prefix);
      const over = await pack.run(prefix + rows(LIMITS.maxRows + 1));
      assert.equal(over.rows.length, LIMITS.maxRows, prefix);
      assert.deepEqual(over.truncated, { reason: 'rows', limit: LIMITS.maxRows }, prefix);
    }
  });

  it('keeps at most the cap of a result far larger than it, on both paths', async () => {
    for (const sql of ["SELECT g, repeat('y', 100000) FROM generate_series(1, 500) AS g", "SELECT 1; SELECT g, repeat('y', 100000) FROM generate_series(1, 500) AS g"]) {
      const result = await pack.run(sql);
      assert.equal(result.rows.length, 2, sql);
      assert.deepEqual(result.truncated, CUT, sql);
    }
  });
});

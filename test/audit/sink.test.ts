// The live audit sink (audit.sink.file) and `audit export --follow`, with real gatehouse processes:
// the file holds exactly the store's events, in order, scrubbed, those of an approval decided through
// another server's people API included; it
// resumes after a restart without a duplicate or a torn line; a failing file never fails a call, is
// logged once and caught up in order; a path that cannot be appended to (or gatehouse's own stdout)
// fails start (where a file stands is found in-process, in sink-file.test.ts); and a separate
// `audit export --follow` prints what is appended after it starts, from a SQLite or PostgreSQL store.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gatehouseCli, ROOT, runCli, startGatehouse, writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { people, servePeopleApi } from '../fixtures/people.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { waitFor } from '../reliability/faults-wait.ts';
import { createStoreDatabase, postgresReachable } from '../store/places.ts';

interface CallResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
}

/** A secret of this test's own: the target's password, scrubbed from everything recorded. */
const SECRET = 'sink-test-secret-5Qx8WvR2';
const ENV = { SINK_TEST_PG_PASSWORD: SECRET };

describe('live audit sink and audit export --follow', () => {
  let db: TestDatabase;
  let work: string;
  const running: RunningGatehouse[] = [];

  before(async () => {
    db = await createTestDatabase();
    work = mkdtempSync(join(tmpdir(), 'gatehouse-sink-'));
  });
  after(async () => {
    await Promise.all(running.map((gh) => gh.stop()));
    await db?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  const dana = people({ id: 'dana', groups: ['dba'] });
  const config = (extra: Record<string, unknown> = {}) => ({
    identity: { stdio: { id: 'agent-1', groups: ['dev'] }, apiKeys: dana.apiKeys },
    connections: { shop: { type: 'postgres', url: db.url, password: 'env:SINK_TEST_PG_PASSWORD' } },
    approvals: { wait: '100ms' },
    ...extra,
  });
  const start = async (extra: Record<string, unknown>, env: Record<string, string> = {}) => {
    const gh = await startGatehouse(config(extra), 'stdio', { env: { ...ENV, ...env } });
    running.push(gh);
    return gh;
  };
  const stop = async (gh: RunningGatehouse) => {
    running.splice(running.indexOf(gh), 1);
    await gh.stop();
  };
  /** Dana approves through another server on the same store, one with no sink of its own. */
  const approve = async (storeFile: string, id: string, ...extra: string[]) => {
    const api = await servePeopleApi(writeConfig({ ...config(), store: { sqlite: storeFile } }).configFile, ENV);
    try {
      return await dana.cli(api.origin, 'dana', ['approvals', 'approve', id, ...extra]);
    } finally {
      await api.stop();
    }
  };
  const sql = (gh: RunningGatehouse, text: string) => gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: text } }) as Promise<CallResult>;
  const approvalIdOf = (r: CallResult) => (r.structuredContent?.error as { approvalId?: string } | undefined)?.approvalId as string;
  const exported = async (configFile: string, env: Record<string, string> = {}) => {
    const run = await runCli(['audit', 'export', '--config', configFile], { ...ENV, ...env });
    assert.equal(run.code, 0, run.stderr);
    return run.stdout;
  };
  const seqs = (jsonl: string) => jsonl.trim().split('\n').map((line) => (JSON.parse(line) as { seq: number }).seq);

  it('copies every durable event to the file, in order and scrubbed, exactly as audit export prints them', async () => {
    const gh = await start({ audit: { sink: { file: 'audit.jsonl' } } });
    assert.equal((await sql(gh, 'SELECT id FROM orders ORDER BY id LIMIT 2')).isError, undefined);
    assert.equal((await sql(gh, 'DROP TABLE orders')).isError, true);
    const update = "UPDATE orders SET note = 'sink' WHERE id = 1";
    const held = await sql(gh, update);
    // Decided through another server: its event reaches the file too.
    const approved = await approve(gh.storeFile, approvalIdOf(held), '--reason', 'ticket 7');
    assert.equal(approved.code, 0, approved.stderr);
    assert.equal((await sql(gh, update)).isError, undefined);
    // Refused (secret_in_arguments), and recorded with its arguments scrubbed.
    assert.equal((await sql(gh, `SELECT '${SECRET}' AS leak`)).isError, true);
    await stop(gh);

    // Relative to the config file, like every path in it.
    const file = readFileSync(join(gh.dir, 'audit.jsonl'), 'utf8');
    assert.equal(file, await exported(gh.configFile));
    const numbers = seqs(file);
    assert.deepEqual(numbers, numbers.map((_, i) => i + 1));
    for (const type of ['session.started', 'call.result', 'call.error', 'approval.requested', 'approval.decided', 'approval.executed']) assert.match(file, new RegExp(`"type":"${type}"`));
    assert.ok(!file.includes(SECRET), 'the sink gets scrubbed events');
    assert.match(file, /\[REDACTED:secret\]/);

    const lines = file.split('\n').filter(Boolean);
    const since = (JSON.parse(lines[5] as string) as { time: string }).time;
    const recent = await runCli(['audit', 'export', '--since', since, '--config', gh.configFile], ENV);
    assert.equal(recent.stdout, lines.filter((line) => (JSON.parse(line) as { time: string }).time >= since).map((line) => `${line}\n`).join(''));
  });

  it('resumes after the last whole line when restarted: a torn line is cut, events written while it was down are caught up', async () => {
    const sink = join(work, 'restart.jsonl');
    const first = await start({ audit: { sink: { file: sink } } });
    const update = "UPDATE orders SET note = 'restart' WHERE id = 2";
    const held = await sql(first, update);
    await stop(first);
    const before = readFileSync(sink, 'utf8');
    assert.ok(before.endsWith('\n'));
    appendFileSync(sink, '{"seq":4,"time":"2026-');
    const approved = await approve(first.storeFile, approvalIdOf(held));
    assert.equal(approved.code, 0, approved.stderr);

    const second = await start({ audit: { sink: { file: sink } }, store: { sqlite: first.storeFile } });
    assert.equal((await sql(second, update)).isError, undefined);
    await stop(second);
    const after = readFileSync(sink, 'utf8');
    assert.ok(after.startsWith(before));
    assert.equal(after, await exported(second.configFile));
    assert.match(after.slice(before.length), /"type":"approval.decided"/);
  });

  it('never fails a call while the file cannot be written, logs it once, and catches up in order once it can', async () => {
    const dir = mkdtempSync(join(work, 'full-'));
    const sink = join(dir, 'sink.jsonl');
    // Every write to /dev/full fails with ENOSPC: a full disk.
    symlinkSync('/dev/full', sink);
    const gh = await start({ audit: { sink: { file: sink } } });
    assert.equal((await sql(gh, 'SELECT 1 AS one')).isError, undefined);
    await waitFor('the sink failure in the log', async () => (/audit sink: cannot write the file/.test(gh.logs()) ? true : undefined));
    assert.equal((await sql(gh, 'SELECT 2 AS two')).isError, undefined);
    // The sink retries every second; a few retries must not log again.
    await sleep(2500);
    assert.equal(gh.logs().match(/audit sink: cannot write the file/g)?.length, 1);

    rmSync(sink);
    writeFileSync(sink, '');
    await waitFor('the sink to write again', async () => (/audit sink: writing the file again/.test(gh.logs()) ? true : undefined));
    assert.equal((await sql(gh, 'SELECT 3 AS three')).isError, undefined);
    await stop(gh);
    assert.equal(readFileSync(sink, 'utf8'), await exported(gh.configFile));
  });

  it('refuses to start when the file cannot be opened for appending, naming the path', async () => {
    const cases: Array<[string, RegExp]> = [
      [work, /audit\.sink\.file: cannot open \S+ for appending: it is a directory/],
      [join(work, 'no-such-dir', 'audit.jsonl'), /audit\.sink\.file: cannot open \S+no-such-dir\/audit\.jsonl for appending: its directory does not exist/],
      // In stdio mode stdout is the MCP transport: a sink there would corrupt it.
      ['/dev/stdout', /audit\.sink\.file: \/dev\/stdout is gatehouse's own standard output; use `gatehouse audit export --follow`/],
    ];
    for (const [file, message] of cases) {
      const { configFile } = writeConfig(config({ audit: { sink: { file } } }));
      const run = await runCli(['serve', '--stdio', '--config', configFile], ENV);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '', 'nothing reaches stdout');
      assert.ok(!run.stderr.includes(SECRET));
    }
  });

  for (const storeKind of ['sqlite', 'postgres'] as const) {
    it(`audit export --follow prints the events appended after it started (${storeKind} store)`, async (t) => {
      const extra: Record<string, unknown> = {};
      const env: Record<string, string> = {};
      if (storeKind === 'postgres') {
        if (!(await postgresReachable())) return t.skip('no PostgreSQL server (set PG_TEST_URL)');
        const storeDb = await createStoreDatabase();
        t.after(() => storeDb.drop());
        extra.store = { postgres: { url: 'env:SINK_TEST_STORE_URL' } };
        env.SINK_TEST_STORE_URL = storeDb.url;
      }
      const gh = await start(extra, env);
      await sql(gh, 'SELECT 1 AS before_follow');

      const follower = spawn(process.execPath, [...gatehouseCli(), 'audit', 'export', '--follow', '--config', gh.configFile], {
        cwd: ROOT,
        env: { ...process.env, ...ENV, ...env },
      });
      let out = '';
      let err = '';
      follower.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      follower.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => follower.once('exit', resolve));
      t.after(() => void follower.kill('SIGKILL'));
      const head = Number(await waitFor('the follower to start', async () => /following the audit log after event (\d+)/.exec(err)?.[1]));
      assert.ok(head >= 3, `the head includes the first call (${head})`);

      await sql(gh, 'SELECT 2 AS while_following');
      assert.equal((await sql(gh, 'DROP TABLE customers')).isError, true);
      const all = await exported(gh.configFile, env);
      const expected = all
        .split('\n')
        .filter((line) => line && (JSON.parse(line) as { seq: number }).seq > head)
        .map((line) => `${line}\n`)
        .join('');
      assert.ok(expected.length > 0);
      await waitFor('the follower to print the new events', async () => (out.length >= expected.length ? true : undefined));
      follower.kill('SIGTERM');
      assert.equal(await exited, 0, err);
      assert.equal(out, expected);
      await stop(gh);
    });
  }
});

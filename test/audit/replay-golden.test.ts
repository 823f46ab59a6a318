// Golden files for `gatehouse replay`: one real stdio session against a real PostgreSQL and a real
// sshd, holding an allowed query, a denied statement, a write held for review that a person approves
// through the CLI and the server's people API and that then runs, and an SSH command with output. The replay (text and
// --format json) is normalized (times, ids, durations, ports, temp paths, hashes become
// placeholders) and compared with the files in test/audit/golden/ (replay.txt, replay-speed.txt for
// --speed playback, replay.json).
//
// When the replay format changes on purpose, regenerate the files and review the diff:
//   UPDATE_GOLDEN=1 node --import tsx --test test/audit/replay-golden.test.ts
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { people, servePeopleApi } from '../fixtures/people.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { sshdSkipReason, startSshd, type Sshd } from '../fixtures/sshd.ts';

interface CallResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
}

const GOLDEN = join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('replay golden files', { skip: sshdSkipReason() }, () => {
  let db: TestDatabase;
  let sshd: Sshd;
  let gh: RunningGatehouse;
  let session: string;
  let normalize: (text: string) => string;

  before(async () => {
    const dana = people({ id: 'dana', groups: ['dba'] });
    [db, sshd] = await Promise.all([createTestDatabase(), startSshd()]);
    gh = await startGatehouse(
      {
        identity: { stdio: { id: 'agent-1', groups: ['dev'] }, apiKeys: dana.apiKeys },
        connections: {
          shop: { type: 'postgres', url: db.url },
          'web-1': { type: 'ssh', host: sshd.host, port: sshd.port, user: sshd.user, privateKey: `file:${sshd.clientKeyPath}`, hostKey: sshd.hostPublicKey },
        },
        approvals: { wait: '100ms' },
      },
      'stdio',
    );
    const call = (name: string, args: Record<string, unknown>) => gh.client.callTool({ name, arguments: args }) as Promise<CallResult>;
    const query = (sql: string) => call('postgres_query', { connection: 'shop', sql });

    // One call after another, so the session's order is fixed; the SSH command writes once, so its
    // recording is one chunk.
    assert.equal((await query('SELECT id, name, email FROM customers ORDER BY id LIMIT 2')).isError, undefined);
    assert.equal((await query('DROP TABLE orders')).isError, true);
    const update = "UPDATE orders SET status = 'shipped' WHERE id = 1";
    const held = await query(update);
    const approvalId = (held.structuredContent?.error as { approvalId?: string } | undefined)?.approvalId;
    assert.ok(approvalId, JSON.stringify(held));
    const api = await servePeopleApi(gh.configFile);
    const approved = await dana.cli(api.origin, 'dana', ['approvals', 'approve', approvalId, '--reason', 'ticket 42: ship order 1']);
    await api.stop();
    assert.equal(approved.code, 0, approved.stderr);
    assert.equal((await query(update)).isError, undefined);
    assert.equal((await call('ssh_exec', { host: 'web-1', command: "echo 'hello from web-1'" })).isError, undefined);

    const sessions = await runCli(['sessions', 'list', '--format', 'json', '--config', gh.configFile]);
    const listed = JSON.parse(sessions.stdout) as Array<{ id: string }>;
    assert.equal(listed.length, 1, sessions.stdout);
    session = (listed[0] as { id: string }).id;
    normalize = normalizer([
      [session, '<session>'],
      [gh.dir, '<dir>'],
      [sshd.dir, '<sshd-dir>'],
      [new URL(db.url).pathname.slice(1), '<database>'],
      [`:${sshd.port}`, ':<port>'],
      [`:${new URL(db.url).port}`, ':<port>'],
      [tmpdir(), '<tmp>'],
    ]);
  });
  after(async () => {
    await gh?.stop();
    await Promise.all([db?.drop(), sshd?.stop()]);
  });

  it('replays the session as text', async () => {
    const run = await runCli(['replay', session, '--config', gh.configFile]);
    assert.equal(run.code, 0, run.stderr);
    matchGolden('replay.txt', normalize(run.stdout));
  });

  it('plays recorded output back with --speed, the header once and every call whole', async () => {
    const run = await runCli(['replay', session, '--speed', '1000', '--config', gh.configFile]);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /not finished/);
    matchGolden('replay-speed.txt', normalize(run.stdout));
  });

  it('finds the session by a prefix of its id, as sessions list shows it, and says what an unknown one is', async () => {
    const whole = await runCli(['replay', session, '--config', gh.configFile]);
    const byPrefix = await runCli(['replay', `${session.slice(0, 8)}...`, '--config', gh.configFile]);
    assert.equal(byPrefix.code, 0, byPrefix.stderr);
    assert.equal(byPrefix.stdout, whole.stdout);
    const unknown = await runCli(['replay', 'ffffffff-no-such', '--config', gh.configFile]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^gatehouse: no session ffffffff-no-such \(and none whose id starts with it\)\n\nUsage:\n {2}gatehouse replay SESSION/);
  });

  it('replays the session as JSON', async () => {
    const run = await runCli(['replay', session, '--format', 'json', '--config', gh.configFile]);
    assert.equal(run.code, 0, run.stderr);
    matchGolden('replay.json', `${JSON.stringify(placeholdersInJson(JSON.parse(normalize(run.stdout))), null, 2)}\n`);
  });
});

function matchGolden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (UPDATE) writeFileSync(file, actual);
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs from the golden file (regenerate with UPDATE_GOLDEN=1 if the change is intended)`);
}

/**
 * Replaces what changes from run to run: the known values of this run, then anything shaped like a
 * time, an id or a hash. Ids and hashes are numbered by first appearance, so the golden file still
 * shows which call ran under which approval.
 */
function normalizer(known: Array<[string, string]>): (text: string) => string {
  return (text) => {
    let out = text;
    for (const [value, placeholder] of known) out = out.split(value).join(placeholder);
    const numbered = (kind: string) => {
      const seen = new Map<string, string>();
      return (value: string) => {
        if (!seen.has(value)) seen.set(value, `<${kind}-${seen.size + 1}>`);
        return seen.get(value) as string;
      };
    };
    return out
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, numbered('id'))
      .replace(/\b[0-9a-f]{64}\b/g, numbered('hash'));
  };
}

/** Numbers that are timings: durations by key, and the offsets of recorded output. */
function placeholdersInJson(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    if (key === 'recording') return value.map((entry: unknown[]) => ['<seconds>', ...entry.slice(1)]);
    return value.map((v) => placeholdersInJson(v));
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, placeholdersInJson(v, k)]));
  if (typeof value === 'number' && /Ms$/.test(key)) return '<ms>';
  return value;
}

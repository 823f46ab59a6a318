// The server's checkpoints end to end: a real gatehouse signs the chain head at its interval and at
// shutdown, into the live sink and a checkpoints file; `gatehouse audit verify` with the public key
// proves the store against either, counts the unanchored events, catches a deleted tail with the
// head moved back (and the server refuses to start on it), and refuses a checkpoint of another key.
// The key pair comes from `audit keygen`.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { runCli, startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { waitFor } from '../reliability/faults-wait.ts';

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; seq: number; hash: string }) : []);
const checkpointsIn = (file: string) => lines(file).filter((l) => l.type === 'gatehouse.audit.checkpoint');

describe('server checkpoints and audit verify against them', () => {
  let work: string;
  let keyFile: string;
  let publicKey: string;
  let gh: RunningGatehouse;
  let sink: string;
  let outside: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'gatehouse-checkpoints-'));
    keyFile = join(work, 'checkpoint.key');
    const made = await runCli(['audit', 'keygen', '--out', keyFile]);
    assert.equal(made.code, 0, made.stderr);
    publicKey = /^\s+([A-Za-z0-9+/]{43}=)$/m.exec(made.stdout)?.[1] ?? '';
    assert.ok(publicKey, made.stdout);
    assert.equal((await runCli(['audit', 'keygen', '--out', keyFile])).code, 2, 'never overwrites a key');
    sink = join(work, 'sink.jsonl');
    outside = join(work, 'checkpoints.jsonl');
    gh = await startGatehouse({ identity: { stdio: { id: 'agent-1' } }, audit: { sink: { file: sink }, checkpoints: { key: `file:${keyFile}`, interval: '200ms', chain: 'test', files: [outside] } } }, 'stdio');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('signs at its interval and at shutdown, into the sink (after the event it vouches for) and the file', async () => {
    await gh.client.callTool({ name: 'approval_status', arguments: { id: 'no-such-request' } });
    const head = () => {
      const db = new Database(gh.storeFile, { readonly: true });
      try {
        return db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_head').get();
      } finally {
        db.close();
      }
    };
    const first = head();
    await waitFor('a checkpoint of the head at the interval', async () => (checkpointsIn(outside).some((c) => c.seq === first?.seq) ? true : undefined));
    await gh.client.callTool({ name: 'approval_status', arguments: { id: 'another' } });
    await gh.stop();
    const last = head();
    assert.ok(last && first && last.seq > first.seq);
    // The shutdown checkpoint names the final head.
    assert.deepEqual(checkpointsIn(outside).map((c) => [c.seq, c.hash]).at(-1), [last.seq, last.hash]);
    const sinkLines = lines(sink);
    for (const [i, line] of sinkLines.entries()) {
      if (line.type === 'gatehouse.audit.checkpoint') assert.equal(sinkLines[i - 1]?.seq, line.seq, 'a checkpoint follows its event');
    }
    assert.deepEqual(checkpointsIn(sink).at(-1)?.seq, last.seq);
  });

  it('audit verify proves the store against the checkpoints file or the sink', async () => {
    for (const source of [['--checkpoints', outside], ['--sink', sink]]) {
      const run = await runCli(['audit', 'verify', '--store', gh.storeFile, ...source, '--public-key', publicKey]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^checkpoints ok: \d+ matched; the newest, signed at .*, anchors events through \d+; 0 events after it unanchored$/m);
    }
  });

  it('refuses a checkpoint of another key, and a deleted tail with the head moved back', async () => {
    const otherKey = join(work, 'other.key');
    const other = await runCli(['audit', 'keygen', '--out', otherKey]);
    const otherPublic = /^\s+([A-Za-z0-9+/]{43}=)$/m.exec(other.stdout)?.[1] ?? '';
    const wrong = await runCli(['audit', 'verify', '--store', gh.storeFile, '--checkpoints', outside, '--public-key', otherPublic]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /audit checkpoints REFUSED: .*checkpoints\.jsonl line 1: the checkpoint of event \d+ was signed by key [0-9a-f]{16}, not by the given public key/);

    const db = new Database(gh.storeFile);
    const { seq } = db.prepare<[], { seq: number }>('SELECT seq FROM audit_head').get() ?? { seq: 0 };
    db.exec(`DELETE FROM audit_events WHERE seq > ${seq - 2}; UPDATE audit_head SET seq = ${seq - 2}, hash = (SELECT hash FROM audit_events WHERE seq = ${seq - 2});`);
    db.close();
    const plain = await runCli(['audit', 'verify', '--store', gh.storeFile]);
    assert.equal(plain.code, 0, 'without checkpoints the cut is invisible');
    const anchored = await runCli(['audit', 'verify', '--store', gh.storeFile, '--sink', sink, '--public-key', publicKey]);
    assert.equal(anchored.code, 1);
    assert.match(anchored.stderr, new RegExp(`audit chain BROKEN at event ${seq - 1}: `));
    const restart = await runCli(['serve', '--config', gh.configFile]);
    assert.notEqual(restart.code, 0, 'the server does not start on the cut store');
    assert.match(restart.stderr, new RegExp(`the audit store does not hold the chain its signed checkpoints vouch for, at event ${seq - 1}: `));
  });
});

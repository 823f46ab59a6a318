// kubernetes_exec over the emulator's WebSocket exec endpoint, through the client library's Exec:
// argv and shell lines, exit codes from the Status on channel 3, failures, containers, caps,
// deadlines, the v4 protocol, and RBAC refusing the upgrade.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ProcessResult } from '../../src/pipeline/result.ts';
import type { ToolError } from '../../src/pipeline/toolpack.ts';
import type { ExecProgram } from '../fixtures/k8s-emulator/index.ts';
import { startTestCluster, type TestCluster } from './cluster.ts';

const program: ExecProgram = ({ command, container }) => {
  if (command[0] === '/bin/sh' && command[1] === '-c') {
    const line = command[2] ?? '';
    if (line === 'exit 3') return { stderr: 'bye\n', exitCode: 3 };
    if (line === 'sleep 100') return { hang: true };
    if (line === 'yes') return { stdout: 'y\n'.repeat(100_000) };
    if (line === 'cat /bin/true') return { stdout: Buffer.from([0x6f, 0x6b, 0xff, 0xc3, 0x28, 0x0a]) };
    return { stdout: `sh ran: ${line}\n` };
  }
  if (command[0] === 'missing-binary') return { failure: 'OCI runtime exec failed: exec: "missing-binary": executable file not found in $PATH: unknown' };
  return { stdout: `${container}: ${command.join('|')}\n`, stderr: 'note: emulated\n', exitCode: 0 };
};

const proc = (r: unknown) => r as ProcessResult;

describe('kubernetes exec', () => {
  let c: TestCluster;
  before(async () => (c = await startTestCluster({ emulator: { exec: program } })));
  after(async () => c.close());
  beforeEach(() => void c.emulator.requests.splice(0));

  const execRequests = () => c.emulator.requests.filter((q) => q.path.endsWith('/exec'));

  it('runs an argv as given, with stdout, stderr and exit code apart', async () => {
    const r = proc(await c.run('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command: ['cat', '/etc/hostname'] }));
    assert.deepEqual([r.stdout, r.stderr, r.exitCode], ['app: cat|/etc/hostname\n', 'note: emulated\n', 0]);
    assert.deepEqual(c.emulator.requests.map((q) => `${q.method} ${q.path}`), ['GET /api/v1/namespaces/shop/pods/web-1', 'GET /api/v1/namespaces/shop/pods/web-1/exec']);
    assert.deepEqual(execRequests()[0]?.query, { stdout: 'true', stderr: 'true', stdin: 'false', tty: 'false', command: ['cat', '/etc/hostname'], container: 'app' });
  });

  it('runs a line with /bin/sh -c', async () => {
    const r = proc(await c.run('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command: 'ls -la /app | head -3' }));
    assert.equal(r.stdout, 'sh ran: ls -la /app | head -3\n');
    assert.deepEqual(execRequests()[0]?.query.command, ['/bin/sh', '-c', 'ls -la /app | head -3']);
  });

  it('reads a non-zero exit code from the NonZeroExitCode status', async () => {
    const r = proc(await c.run('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command: 'exit 3' }));
    assert.equal(r.exitCode, 3);
    assert.equal(r.stderr, 'bye\n');
  });

  it('a command that cannot start is a clear ToolError', async () => {
    await assert.rejects(c.run('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command: ['missing-binary'] }), (e: ToolError) => e.code === 'exec_failed' && /executable file not found/.test(e.message));
  });

  it('uses the first container by default, the named one otherwise, and refuses an unknown one before exec', async () => {
    assert.match(proc(await c.run('kubernetes_exec', { pod: 'db-0', namespace: 'shop', command: ['id'] })).stdout, /^db: id/);
    assert.match(proc(await c.run('kubernetes_exec', { pod: 'db-0', namespace: 'shop', container: 'backup', command: ['id'] })).stdout, /^backup: id/);
    c.emulator.requests.splice(0);
    await assert.rejects(c.run('kubernetes_exec', { pod: 'db-0', namespace: 'shop', container: 'nope', command: ['id'] }), (e: ToolError) => e.code === 'not_found' && /containers: db, backup/.test(e.message));
    await assert.rejects(c.run('kubernetes_exec', { pod: 'job-1', namespace: 'shop', command: ['id'] }), (e: ToolError) => e.code === 'not_running');
    assert.deepEqual(execRequests(), []);
  });

  it('shows bytes that are not UTF-8 as \\xNN escapes, as SSH does, instead of dropping them', async () => {
    const r = proc(await c.run('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command: 'cat /bin/true' }));
    assert.equal(r.stdout, 'ok\\xFF\\xC3(\n');
  });

  it('stops at the byte cap and marks the output as cut', async () => {
    const r = proc(await c.run('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command: 'yes' }, { maxBytes: 1000 }));
    assert.equal(r.stdout.length, 1000);
    assert.deepEqual(r.truncated, { reason: 'bytes', limit: 1000 });
    assert.equal(r.exitCode, null);
  });

  it('stops at the deadline with a timeout ToolError', { timeout: 5_000 }, async () => {
    await assert.rejects(c.run('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command: 'sleep 100' }, { timeoutMs: 400 }), (e: ToolError) => e.code === 'timeout');
  });

  it('an RBAC refusal of pods/exec is a forbidden ToolError', async () => {
    c.emulator.forbid({ resource: 'pods/exec', namespace: 'kube-system' });
    c.emulator.store.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'dns', namespace: 'kube-system' }, spec: { containers: [{ name: 'dns', image: 'dns:1' }] }, status: { phase: 'Running' } });
    await assert.rejects(c.run('kubernetes_exec', { pod: 'dns', namespace: 'kube-system', command: ['id'] }), (e: ToolError) => e.code === 'forbidden' && /pods\/exec/.test(e.message));
  });
});

describe('kubernetes exec over v4.channel.k8s.io', () => {
  it('reads stdout and the exit code the same way', async () => {
    const c = await startTestCluster({ emulator: { exec: program, execProtocols: ['v4.channel.k8s.io'] } });
    try {
      const r = proc(await c.run('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command: 'exit 3' }));
      assert.equal(r.exitCode, 3);
      const ok = proc(await c.run('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command: ['uname'] }));
      assert.deepEqual([ok.stdout, ok.exitCode], ['app: uname\n', 0]);
    } finally {
      await c.close();
    }
  });
});

// A call's deadline and cancellation hold whatever happens between its steps: a garbage
// collection while the call waits, or an abort that lands between the pod lookup and the exec.
// Either lost would let a command like `sleep infinity` hold the call, its slot and its socket
// forever.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ToolError } from '../../src/pipeline/toolpack.ts';
import type { ExecProgram } from '../fixtures/k8s-emulator/index.ts';
import { startTestCluster, type TestCluster } from './cluster.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// A command that never ends; `deaf` ones run on a server that answers no close frame either.
const program: ExecProgram = ({ command }) => ({ hang: true, deaf: command.join(' ').includes('deaf') });

describe('kubernetes call deadlines', () => {
  let c: TestCluster;
  before(async () => (c = await startTestCluster({ emulator: { exec: program } })));
  after(async () => c.close());
  beforeEach(() => void c.emulator.requests.splice(0));

  it('a deadline still fires after a garbage collection while the command runs', { timeout: 10_000 }, async () => {
    const running = c.run('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command: 'sleep infinity' }, { timeoutMs: 600 });
    const collect = setInterval(gc, 50);
    try {
      await assert.rejects(running, (e: ToolError) => e.code === 'timeout' && /within 600 ms/.test(e.message));
    } finally {
      clearInterval(collect);
    }
  });

  it('drops the exec socket at the deadline, even when the server answers no close frame', { timeout: 10_000 }, async () => {
    await assert.rejects(c.run('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command: 'sleep infinity # deaf' }, { timeoutMs: 300 }), (e: ToolError) => e.code === 'timeout');
    // A polite close would wait 30 s for the server's answer, holding the socket past the call.
    while (c.emulator.openExecSockets() > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it('a call that has ended leaves no timer of its deadline behind', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await c.run('kubernetes_get', { resource: 'pods', name: 'web-1', namespace: 'shop' }, { timeoutMs: 60_000 });
    const before = timers();
    for (let i = 0; i < 5; i++) await c.run('kubernetes_get', { resource: 'pods', name: 'web-1', namespace: 'shop' }, { timeoutMs: 60_000 });
    // Other timers come and go (sockets, the emulator): one left per call would add five.
    assert.ok(timers() < before + 5, `${timers() - before} more timers after 5 calls`);
  });

  it('a cancel that lands as a read is being built sends no request', { timeout: 10_000 }, async () => {
    const controller = new AbortController();
    const kubeConfig = c.conn.kubeConfig.bind(c.conn);
    // Every request reads the kubeconfig after the call's own check of the signal: the cancel lands right there.
    c.conn.kubeConfig = () => {
      controller.abort();
      return kubeConfig();
    };
    try {
      await assert.rejects(c.run('kubernetes_get', { resource: 'configmaps', name: 'settings', namespace: 'shop' }, { timeoutMs: 60_000 }, controller.signal), (e: ToolError) => e.code === 'cancelled');
    } finally {
      c.conn.kubeConfig = kubeConfig;
    }
    assert.deepEqual(c.emulator.requests.filter((q) => q.path.includes('/configmaps')), []);
  });

  it('a cancel that lands between the pod lookup and the exec stops the call before any exec', { timeout: 10_000 }, async () => {
    const controller = new AbortController();
    const kubeConfig = c.conn.kubeConfig.bind(c.conn);
    // The exec reads the kubeconfig once the pod has been read: the cancel lands right there.
    c.conn.kubeConfig = () => {
      if (c.emulator.requests.some((q) => q.path === '/api/v1/namespaces/shop/pods/db-0')) controller.abort();
      return kubeConfig();
    };
    try {
      await assert.rejects(c.run('kubernetes_exec', { pod: 'db-0', namespace: 'shop', command: 'sleep infinity' }, { timeoutMs: 60_000 }, controller.signal), (e: ToolError) => e.code === 'cancelled');
    } finally {
      c.conn.kubeConfig = kubeConfig;
    }
    // (The first test's exec may reach the emulator late, after its deadline: it is another pod.)
    assert.deepEqual(c.emulator.requests.filter((q) => q.path === '/api/v1/namespaces/shop/pods/db-0/exec'), []);
  });
});

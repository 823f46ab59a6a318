// Fault: the SSH host fails while a command runs, through a real gatehouse, the SDK's client and
// a real OpenSSH server. The session's sshd processes are killed (the connection dies), the whole
// server dies (the host is gone, then comes back on the same port with the same host key), or the
// session freezes (a hung host). Each call ends promptly with a clear error and an audit outcome,
// and the next call reconnects once the host can answer.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { sshdSkipReason, startSshd, type Sshd } from '../fixtures/sshd.ts';
import { assertEveryCallSettled, outcomeOf } from './faults-audit.ts';
import { allowAllPolicy, callTool, errorOf, type CallResult } from './faults-calls.ts';
import { waitFor } from './faults-wait.ts';

describe('fault: the SSH host fails mid-command', { skip: sshdSkipReason() }, () => {
  let sshd: Sshd;
  let gh: RunningGatehouse;

  const exec = (command: string, timeout?: number) => callTool(gh, 'ssh_exec', { host: 'web-1', command, ...(timeout ? { timeout } : {}) });
  /** Starts a command that runs for 30 s; resolves (with the call, wrapped) once it runs on the host. */
  const startLongCommand = async (name: string) => {
    const marker = join(sshd.dir, `${name}.started`);
    const call = exec(`touch ${marker}; echo ${name}; sleep 30; echo done`);
    await waitFor(`${name} to run on the host`, async () => (existsSync(marker) ? true : undefined));
    return { call };
  };
  const signalSessions = (signal: NodeJS.Signals) => {
    const pids = sshd.sessionPids();
    assert.ok(pids.length > 0, 'sshd serves the connection');
    for (const pid of pids) process.kill(pid, signal);
  };
  /** What the agent saw must name the host and nothing secret: no key material, no stack. */
  const assertCleanError = (r: CallResult) => {
    const seen = JSON.stringify(r);
    assert.ok(!seen.includes('PRIVATE KEY') && !sshd.clientPrivateKey.split('\n').some((line) => line.length > 20 && seen.includes(line)), 'key material reached the agent');
    assert.doesNotMatch(seen, /\bat \S+ \(|node:internal|\.ts:\d+/, 'a stack trace reached the agent');
    assert.match(errorOf(r).message ?? '', /web-1 \(127\.0\.0\.1:\d+\)/);
  };

  before(async () => {
    sshd = await startSshd();
    gh = await startGatehouse(
      {
        identity: { stdio: { id: 'agent-1', groups: ['dev'] } },
        connections: {
          'web-1': { type: 'ssh', host: sshd.host, port: sshd.port, user: sshd.user, privateKey: `file:${sshd.clientKeyPath}`, hostKey: sshd.hostPublicKey, connectTimeoutMs: 3000 },
        },
        // Every line runs without review here: the test is about the host failing, not the policy.
        policies: [allowAllPolicy()],
        limits: { timeout: '20s' },
      },
      'stdio',
    );
  });

  after(async () => {
    await gh?.stop();
    await sshd?.stop();
  });

  it('fails a command whose sshd session is killed with connection_lost, then reconnects', async () => {
    const running = await startLongCommand('session-killed');
    signalSessions('SIGKILL');
    const failed = await running.call;
    assert.equal(failed.isError, true);
    assert.equal(errorOf(failed).code, 'connection_lost', JSON.stringify(failed));
    assertCleanError(failed);

    const next = await exec('echo after-session-killed');
    assert.equal(next.isError, undefined, JSON.stringify(next));
    assert.equal(next.structuredContent?.stdout, 'after-session-killed\n');
  });

  it('fails a command when the host dies, says it is unreachable while down, and reconnects when it is back', async () => {
    const running = await startLongCommand('host-died');
    sshd.crash();
    const failed = await running.call;
    assert.equal(errorOf(failed).code, 'connection_lost', JSON.stringify(failed));
    assertCleanError(failed);

    const down = await exec('echo while-down');
    assert.equal(errorOf(down).code, 'backend_unavailable', JSON.stringify(down));
    assert.match(errorOf(down).message ?? '', /could not connect to web-1 \(127\.0\.0\.1:\d+\)/);
    assertCleanError(down);

    await sshd.revive();
    const back = await exec('echo host-back');
    assert.equal(back.isError, undefined, JSON.stringify(back));
    assert.equal(back.structuredContent?.stdout, 'host-back\n');
  });

  it('ends a command on a frozen host at its timeout, and works once the host thaws', async () => {
    const marker = join(sshd.dir, 'frozen.started');
    const running = exec(`touch ${marker}; sleep 30`, 1);
    await waitFor('the command to run on the host', async () => (existsSync(marker) ? true : undefined));
    signalSessions('SIGSTOP');
    try {
      const failed = await running;
      assert.equal(errorOf(failed).code, 'timeout', JSON.stringify(failed));
      assert.match(errorOf(failed).message ?? '', /did not finish within 1000 ms/);
    } finally {
      signalSessions('SIGCONT');
    }
    const next = await exec('echo thawed');
    assert.equal(next.isError, undefined, JSON.stringify(next));
    assert.equal(next.structuredContent?.stdout, 'thawed\n');
  });

  it('records every call with its outcome, and the chain verifies', async () => {
    const store = openSqliteStore(gh.storeFile);
    try {
      const calls = await assertEveryCallSettled(store);
      assert.equal(outcomeOf(calls, 'echo session-killed').data.code, 'connection_lost');
      assert.equal(outcomeOf(calls, 'echo host-died').data.code, 'connection_lost');
      assert.equal(outcomeOf(calls, 'while-down').data.code, 'backend_unavailable');
      assert.equal(outcomeOf(calls, 'frozen.started').data.code, 'timeout');
      for (const text of ['after-session-killed', 'host-back', 'thawed']) assert.equal(outcomeOf(calls, text).type, 'call.result');
    } finally {
      await store.close();
    }
  });
});

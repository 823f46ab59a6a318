// Walls the backends keep, through the real server under a policy that allows everything, so that
// only the wall stands between the call and the backend: an SSH host whose key is not the pinned
// one is refused before any login, and nothing runs; a Kubernetes call outside the connection's
// namespaces is refused before any request; a Secret's values never reach the agent.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGatehouse, writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { startK8sEmulator, type K8sEmulator } from '../fixtures/k8s-emulator/index.ts';
import { sshdSkipReason, startSshd, type Sshd } from '../fixtures/sshd.ts';

const SECRET_VALUE = 'vault-root-Zq8-not-for-agents';

interface CallResult {
  isError?: boolean;
  structuredContent?: { error?: { code: string; message: string } };
}

describe('walls the backends keep, with a policy that allows everything', { skip: sshdSkipReason() }, () => {
  let sshd: Sshd;
  let cluster: K8sEmulator;
  let gh: RunningGatehouse;
  const call = (name: string, args: Record<string, unknown>) => gh.client.callTool({ name, arguments: args }) as Promise<CallResult>;

  before(async () => {
    [sshd, cluster] = await Promise.all([startSshd(), startK8sEmulator()]);
    cluster.store.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    cluster.store.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } });
    cluster.store.seed({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vault', namespace: 'shop' }, type: 'Opaque', data: { token: Buffer.from(SECRET_VALUE).toString('base64') } });
    const { dir } = writeConfig({});
    writeFileSync(join(dir, 'allow.yaml'), 'default: allow\nrules: []\n');
    writeFileSync(join(dir, 'kubeconfig'), cluster.kubeconfig(), { mode: 0o600 });
    // A real ed25519 key, but not this server's: the client key sshd trusts for logins.
    const otherKey = readFileSync(join(sshd.dir, 'authorized_keys'), 'utf8').trim();
    gh = await startGatehouse(
      {
        identity: { stdio: { id: 'agent-1', groups: ['dev'] } },
        connections: {
          web: { type: 'ssh', host: sshd.host, port: sshd.port, user: sshd.user, privateKey: `file:${sshd.clientKeyPath}`, hostKey: otherKey },
          cluster: { type: 'kubernetes', kubeconfig: `file:${join(dir, 'kubeconfig')}`, namespaces: ['shop'] },
        },
        policies: [join(dir, 'allow.yaml')],
      },
      'stdio',
    );
  });
  after(async () => {
    await gh?.stop();
    await Promise.all([sshd?.stop(), cluster?.close()]);
  });

  it('refuses an SSH host whose key is not the pinned one before logging in, and runs nothing', async () => {
    const marker = join(sshd.dir, 'ran');
    const logins = sshd.acceptedLogins();
    const result = await call('ssh_exec', { host: 'web', command: `touch ${marker}` });
    assert.equal(result.structuredContent?.error?.code, 'host_key_mismatch', JSON.stringify(result));
    assert.match(result.structuredContent?.error?.message ?? '', /SHA256:/);
    assert.equal(sshd.acceptedLogins(), logins);
    assert.equal(existsSync(marker), false);
  });

  it('refuses a Kubernetes call outside the connection\'s namespaces before any request', async () => {
    const before = cluster.requests.length;
    for (const [tool, args] of [
      ['kubernetes_list', { cluster: 'cluster', resource: 'pods', namespace: 'payments' }],
      ['kubernetes_delete', { cluster: 'cluster', resource: 'configmaps', name: 'x', namespace: 'payments' }],
    ] as const) {
      const result = await call(tool, args);
      assert.equal(result.structuredContent?.error?.code, 'namespace_not_allowed', `${tool}: ${JSON.stringify(result)}`);
    }
    assert.deepEqual(cluster.requests.slice(before), []);
  });

  it('replaces a Secret\'s values whatever the policy says', async () => {
    const result = await call('kubernetes_get', { cluster: 'cluster', resource: 'secrets', name: 'vault', namespace: 'shop' });
    assert.equal(result.isError, undefined, JSON.stringify(result));
    const text = JSON.stringify(result);
    assert.match(text, /token/);
    for (const form of [SECRET_VALUE, Buffer.from(SECRET_VALUE).toString('base64')]) assert.ok(!text.includes(form), text);
  });
});

// Every kind of credential gatehouse holds, configured at once with the suite's canary values and
// used for real, in one gatehouse over stdio: a PostgreSQL password, an SSH key passphrase and an
// SSH password, a kubeconfig with a bearer token and a client key, the pseudonym key, and webhook
// URLs (one answering, one down). Calls succeed, fail on each backend, and try to read the secrets
// back through the tools; no canary comes back in any form, nor reaches a log line or the audit
// store. The fixture captures all of it for the suite-wide scan as well.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { CANARY, canaryNeedles, canaryWebhookUrl } from '../fixtures/canary.ts';
import { startGatehouse, writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { startK8sEmulator, type K8sEmulator } from '../fixtures/k8s-emulator/index.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { sshdSkipReason, startSshd, type Sshd } from '../fixtures/sshd.ts';
import { waitFor } from '../reliability/faults-wait.ts';
import { canaryFinder } from './scanner.ts';

interface CallResult {
  isError?: boolean;
  content: Array<{ text?: string }>;
  structuredContent?: Record<string, unknown>;
}

const POLICY = `
default: allow
rules:
  - id: writes-need-review
    match: { tools: [postgres_query] }
    when: sql.writes
    effect: review
    approvers: [dba]
    reason: Writes need a human approval.
`;

const findCanaries = canaryFinder(canaryNeedles());

describe('every canary credential, configured and used', { skip: sshdSkipReason() }, () => {
  let db: TestDatabase;
  let sshd: Sshd;
  let cluster: K8sEmulator;
  let hooks: Server;
  let gh: RunningGatehouse;
  let secretsDir: string;
  const hookPosts: string[] = [];
  const results: CallResult[] = [];

  const call = async (name: string, args: Record<string, unknown>): Promise<CallResult> => {
    const result = (await gh.client.callTool({ name, arguments: args })) as CallResult;
    results.push(result);
    return result;
  };
  const errorCode = (r: CallResult) => (r.structuredContent?.error as { code?: string } | undefined)?.code;

  before(async () => {
    [db, sshd, cluster] = await Promise.all([createTestDatabase(), startSshd(), startK8sEmulator()]);
    cluster.store.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    cluster.store.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop' }, spec: { containers: [{ name: 'app', image: 'app:1' }] } });
    // A copy of the cluster token inside the cluster, as a careless deploy script leaves one.
    cluster.store.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deploy', namespace: 'shop' }, data: { note: `kubectl --token=${CANARY.kubernetesToken}` } });
    hooks = createServer((req, res) => {
      req.resume().on('end', () => {
        hookPosts.push(req.url ?? '');
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));

    secretsDir = writeConfig({}).dir;
    writeFileSync(join(secretsDir, 'ssh-passphrase'), `${CANARY.sshPassphrase}\n`, { mode: 0o600 });
    writeFileSync(join(secretsDir, 'kubeconfig'), cluster.kubeconfig(), { mode: 0o600 });
    writeFileSync(join(secretsDir, 'policy.yaml'), POLICY);
    const ssh = { type: 'ssh', host: sshd.host, port: sshd.port, user: sshd.user, hostKey: sshd.hostPublicKey };
    gh = await startGatehouse(
      {
        identity: { stdio: { id: 'agent-1', groups: ['dev'] } },
        connections: {
          shop: { type: 'postgres', url: db.url, password: 'env:CANARY_PG_PASSWORD' },
          web: { ...ssh, privateKey: `file:${sshd.passphraseClientKeyPath()}`, passphrase: `file:${join(secretsDir, 'ssh-passphrase')}` },
          'web-by-password': { ...ssh, password: 'env:CANARY_SSH_PASSWORD' },
          cluster: { type: 'kubernetes', kubeconfig: `file:${join(secretsDir, 'kubeconfig')}` },
        },
        policies: [join(secretsDir, 'policy.yaml')],
        masking: { profiles: { default: { columns: [{ match: 'customers.email', style: 'pseudonym' }] } } },
        pseudonymKey: 'env:CANARY_PSEUDONYM_KEY',
        approvals: {
          wait: '200ms',
          notify: [
            { webhook: 'env:CANARY_WEBHOOK', format: 'slack' },
            { webhook: 'env:CANARY_WEBHOOK_DOWN', format: 'json' },
          ],
        },
      },
      'stdio',
      {
        env: {
          CANARY_PG_PASSWORD: CANARY.postgresPassword,
          CANARY_SSH_PASSWORD: CANARY.sshPassword,
          CANARY_PSEUDONYM_KEY: CANARY.pseudonymKey,
          CANARY_WEBHOOK: canaryWebhookUrl(`http://127.0.0.1:${(hooks.address() as AddressInfo).port}`),
          CANARY_WEBHOOK_DOWN: canaryWebhookUrl('http://127.0.0.1:1'),
        },
      },
    );
  });

  after(async () => {
    await gh?.stop();
    await Promise.all([db?.drop(), sshd?.stop(), cluster?.close(), new Promise((r) => hooks?.close(r))]);
  });

  it('holds a write for review and notifies both webhooks, the one that is down included', async () => {
    const held = await call('postgres_query', { connection: 'shop', sql: "UPDATE orders SET status = 'paid' WHERE id = 2" });
    assert.equal(errorCode(held), 'approval_pending');
    await waitFor('the webhook post', async () => hookPosts[0]);
    assert.equal(hookPosts[0], `/hooks/T0CANARY/${CANARY.webhookToken}`, 'the webhook URL from the secret was used');
  });

  it('masks with pseudonyms made with the canary key', async () => {
    const r = await call('postgres_query', { connection: 'shop', sql: 'SELECT email FROM customers WHERE id = 1' });
    const expected = `email_${createHmac('sha256', CANARY.pseudonymKey).update('ada@example.com').digest('hex').slice(0, 10)}`;
    assert.deepEqual((r.structuredContent as { rows: unknown[][] }).rows, [[expected]]);
  });

  it('refuses a query that holds the PostgreSQL password, and scrubs it when a query builds it', async () => {
    const sent = await call('postgres_query', { connection: 'shop', sql: `SELECT '${CANARY.postgresPassword}' AS echo` });
    assert.equal(errorCode(sent), 'secret_in_arguments', JSON.stringify(sent));
    // Two halves joined by ||: read as one, as a reader reads them, and refused too.
    const half = CANARY.postgresPassword.length >> 1;
    const [head, tail] = [CANARY.postgresPassword.slice(0, half), CANARY.postgresPassword.slice(half)];
    assert.equal(errorCode(await call('postgres_query', { connection: 'shop', sql: `SELECT '${head}' || '${tail}' AS echo` })), 'secret_in_arguments');
    // Two halves a function joins: the whole password only in the result, scrubbed there.
    const built = `SELECT concat('${head}', '${tail}') AS echo`;
    const r = await call('postgres_query', { connection: 'shop', sql: built });
    assert.equal(r.isError, undefined, JSON.stringify(r));
    assert.match(JSON.stringify(r.structuredContent), /REDACTED/);
  });

  it('logs in with the passphrase-protected key, and scrubs secret files read back over SSH', async () => {
    const hello = await call('ssh_exec', { host: 'web', command: 'echo hello' });
    assert.equal((hello.structuredContent as { stdout?: string }).stdout, 'hello\n', JSON.stringify(hello));
    const read = await call('ssh_exec', { host: 'web', command: `cat ${join(secretsDir, 'ssh-passphrase')} ${join(secretsDir, 'kubeconfig')}` });
    assert.equal(read.isError, undefined, JSON.stringify(read));
    assert.match((read.structuredContent as { stdout: string }).stdout, /REDACTED/);
  });

  it('refuses a login with the wrong kind of credential without naming the password', async () => {
    const r = await call('ssh_exec', { host: 'web-by-password', command: 'echo hi' });
    assert.match(errorCode(r) ?? '', /^backend_auth_failed$/, JSON.stringify(r));
  });

  it('reads the cluster with the kubeconfig, and scrubs the token copied into a ConfigMap', async () => {
    const pods = await call('kubernetes_list', { cluster: 'cluster', resource: 'pods', namespace: 'shop' });
    assert.equal(pods.isError, undefined, JSON.stringify(pods));
    assert.match(JSON.stringify(pods.structuredContent), /web-1/);
    const cm = await call('kubernetes_get', { cluster: 'cluster', resource: 'configmaps', name: 'deploy', namespace: 'shop' });
    assert.match(JSON.stringify(cm.structuredContent), /--token=\[REDACTED/);
  });

  it('lets no canary out, in any form: results, logs, the audit store', async () => {
    const store = openSqliteStore(gh.storeFile);
    try {
      await waitFor('the failed notification', async () => ((await store.events()).some((e) => e.type === 'approval.notify_failed') ? true : undefined));
    } finally {
      await store.close();
    }
    for (const result of results) assert.deepEqual(findCanaries(JSON.stringify(result)), []);
    // The log line is written beside the audit event, not before it: wait for it too.
    await waitFor('the failure in the log', async () => (/approval notification failed/.test(gh.logs()) ? true : undefined));
    assert.deepEqual(findCanaries(gh.logs()), []);
    assert.deepEqual(findCanaries(readFileSync(gh.storeFile)), []);
  });
});

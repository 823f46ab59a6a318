// `gatehouse policy replicas` reads the `policy.reloaded` records from the session the server writes
// them to, 'server-reload', by that name: stores written by every earlier version hold it, and a
// record of that type in any other session is not the server's word.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, mock } from 'node:test';
import { policyReplicas } from '../../src/cli/policy-replicas.ts';
import type { AuditEventInput } from '../../src/audit/events.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

const reloaded = (session: string, replica: string, sha256: string): AuditEventInput => ({
  type: 'policy.reloaded',
  session,
  data: { trigger: 'start', replica, files: [{ path: '/etc/gatehouse/policy.yaml', sha256 }] },
});

describe('gatehouse policy replicas', () => {
  it('lists the replicas from the server\'s reload records only, and exits 1 when their files differ', async () => {
    const storeFile = join(mkdtempSync(join(tmpdir(), 'gatehouse-replicas-')), 'a.db');
    const store = openSqliteStore(storeFile);
    await store.append([reloaded('server-reload', 'replica-a', 'a'.repeat(64)), reloaded('server-reload', 'replica-b', 'b'.repeat(64)), reloaded('agent-session', 'forged', 'c'.repeat(64))]);
    await store.close();
    const log = mock.method(console, 'log', () => undefined);
    try {
      await policyReplicas({ store: storeFile, json: true });
      const printed = JSON.parse(String(log.mock.calls[0]?.arguments[0])) as { replicas: Array<{ replica: string }>; same: boolean };
      assert.deepEqual(printed.replicas.map((r) => r.replica).sort(), ['replica-a', 'replica-b']);
      assert.equal(printed.same, false);
      assert.equal(process.exitCode, 1);
    } finally {
      log.mock.restore();
      process.exitCode = undefined;
    }
  });
});

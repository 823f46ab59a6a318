// Limits on asking, through the real server and CLI: one principal may have only so many requests
// open (approval fatigue), and a call denied a moment ago gets that denial back, with who denied it
// and why, rather than a new request. Under a quorum, the last approver cannot grant alone. Approvers
// decide through the server's people API with their own API keys.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { people, servePeopleApi, type PeopleApi } from '../fixtures/people.ts';

interface CallResult {
  structuredContent?: { error?: { code?: string; message?: string; approvalId?: string; deniedBy?: string } };
}

describe('approval limits', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let api: PeopleApi;
  const dana = people({ id: 'dana', name: 'Dana', groups: ['dba'] });
  const approvals = { wait: '200ms', maxOpenPerPrincipal: 2, denialCoolOff: '10m' };
  const update = async (id: number, note: string) =>
    ((await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: `UPDATE orders SET note = '${note}' WHERE id = ${id}` } })) as CallResult).structuredContent?.error ?? {};
  const cli = (...args: string[]) => dana.cli(api.origin, 'dana', ['approvals', ...args]);

  before(async () => {
    db = await createTestDatabase();
    gh = await startGatehouse({ identity: { stdio: { id: 'agent-1', groups: ['dev'] }, apiKeys: dana.apiKeys }, connections: { shop: { type: 'postgres', url: db.url } }, approvals }, 'stdio');
    api = await servePeopleApi(gh.configFile);
  });
  after(async () => {
    await api?.stop();
    await gh?.stop();
    await db?.drop();
  });

  it('caps the requests one principal has open, and frees a place when one is decided', async () => {
    const first = await update(1, 'a');
    const second = await update(2, 'b');
    assert.deepEqual([first.code, second.code], ['approval_pending', 'approval_pending']);
    const third = await update(3, 'c');
    assert.equal(third.code, 'too_many_approvals');
    assert.match(third.message ?? '', /You already have 2 approval requests waiting for a decision/);
    assert.equal((await update(1, 'a')).approvalId, first.approvalId, 'repeating an open request opens nothing new');
    const listed = JSON.parse((await cli('list', '--json')).stdout) as Array<{ id: string }>;
    assert.equal(listed.length, 2, 'the refused call opened no request');

    assert.equal((await cli('deny', first.approvalId as string, '--reason', 'wrong row')).code, 0);
    assert.equal((await update(3, 'c')).code, 'approval_pending', 'a decided request frees its place');
  });

  it('gives a repeat of a denied call the earlier denial, with who denied it and why', async () => {
    const again = await update(1, 'a');
    assert.equal(again.code, 'approval_denied');
    assert.equal(again.deniedBy, 'Dana (dana)');
    assert.match(again.message ?? '', /^Dana \(dana\) denied this same call at \S+ \(reason: wrong row\)\. It is not put to approvers again before \S+;/);
    const all = JSON.parse((await cli('list', '--all', '--json')).stdout) as Array<{ state: string }>;
    assert.equal(all.filter((r) => r.state === 'denied').length, 1);
    assert.equal(all.length, 3, 'no new request for the repeat');
  });
});

describe('grants under a quorum, through the CLI and the server', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let api: PeopleApi;
  const dbas = people({ id: 'dana', groups: ['dba'] }, { id: 'dave', groups: ['dba'] });
  const cli = (id: string, ...args: string[]) => dbas.cli(api.origin, id, ['approvals', ...args]);
  const sql = "UPDATE orders SET note = 'two' WHERE id = 4";
  const call = async () =>
    ((await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } })) as CallResult & { isError?: boolean });

  before(async () => {
    db = await createTestDatabase();
    const policy = { rules: [{ id: 'two-person-writes', match: { tools: ['postgres_query'] }, when: '!sql.readOnly', effect: 'review', approvers: ['dba'], approvals: 2, reason: 'Writes need two people.' }] };
    const policyFile = join(mkdtempSync(join(tmpdir(), 'gatehouse-quorum-')), 'quorum.yaml');
    writeFileSync(policyFile, stringify(policy));
    gh = await startGatehouse({ identity: { stdio: { id: 'agent-1', groups: ['dev'] }, apiKeys: dbas.apiKeys }, connections: { shop: { type: 'postgres', url: db.url } }, approvals: { wait: '200ms' }, policies: [policyFile] }, 'stdio');
    api = await servePeopleApi(gh.configFile);
  });
  after(async () => {
    await api?.stop();
    await gh?.stop();
    await db?.drop();
  });

  it('lets the second approver approve, but not grant alone', async () => {
    const id = (await call()).structuredContent?.error?.approvalId as string;
    const shown = await cli('dana', 'show', id);
    assert.match(shown.stdout, /\(only if all 2 approvers ask for a grant; the shortest window applies\)/);
    assert.equal((await cli('dana', 'approve', id)).code, 0);
    const second = await cli('dave', 'approve', id, '--grant', '1440');
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /approved; no grant: dana approved without one, and a grant needs every approver's agreement/);
    assert.equal((await call()).isError, undefined, 'the approved call runs once');
    assert.equal((await call()).structuredContent?.error?.code, 'approval_pending', 'the next one asks again: no grant was made');
  });
});

// Limits on asking, through the real server and CLI: one principal may have only so many requests
// open (approval fatigue), and a call denied a moment ago gets that denial back, with who denied it
// and why, rather than a new request.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { runCli, startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';

interface CallResult {
  structuredContent?: { error?: { code?: string; message?: string; approvalId?: string; deniedBy?: string } };
}

describe('approval limits', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let dbaConfig: string;
  const approvals = { wait: '200ms', maxOpenPerPrincipal: 2, denialCoolOff: '10m' };
  const update = async (id: number, note: string) =>
    ((await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: `UPDATE orders SET note = '${note}' WHERE id = ${id}` } })) as CallResult).structuredContent?.error ?? {};
  const cli = (...args: string[]) => runCli(['approvals', ...args, '--config', dbaConfig]);

  before(async () => {
    db = await createTestDatabase();
    gh = await startGatehouse({ identity: { stdio: { id: 'agent-1', groups: ['dev'] } }, connections: { shop: { type: 'postgres', url: db.url } }, approvals }, 'stdio');
    dbaConfig = `${gh.dir}/dba.yaml`;
    writeFileSync(dbaConfig, stringify({ identity: { cli: { id: 'dana', name: 'Dana', groups: ['dba'] } }, connections: { shop: { type: 'postgres', url: db.url } }, store: { sqlite: gh.storeFile }, approvals }));
  });
  after(async () => {
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

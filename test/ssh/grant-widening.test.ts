// Shell grants against a real sshd, through the real server and the approver's CLI: a grant keeps
// the files of the approved line unless the approver widens it; a widened grant covers another
// file, but never another command, other flags, more operands, a glob or a redirection. The files
// are real: what a grant let run is seen on disk.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateApiKey, hashApiKey } from '../../src/identity/index.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { people } from '../fixtures/people.ts';
import { sshdSkipReason, startSshd, type Sshd } from '../fixtures/sshd.ts';

interface CallResult {
  isError?: boolean;
  structuredContent?: { error?: { code: string; approvalId?: string } };
}

describe('shell grants widened to other files', { skip: sshdSkipReason() }, () => {
  let sshd: Sshd;
  let gh: RunningGatehouse;
  const dana = people({ id: 'dana', groups: ['approvers'] });
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-widen-'));
  const file = (name: string) => {
    const path = join(dir, name);
    writeFileSync(path, name);
    return path;
  };
  const exec = (command: string) => gh.client.callTool({ name: 'ssh_exec', arguments: { host: 'web-1', command } }) as Promise<CallResult>;
  const approvals = (...args: string[]) => dana.cli(new URL(gh.url as string).origin, 'dana', ['approvals', ...args]);
  const decide = (id: string, ...extra: string[]) => approvals('approve', id, '--reason', 'cleanup', ...extra);
  /** Holds a call and approves it with the given options; the approved call then runs once. */
  async function approveWith(command: string, ...extra: string[]): Promise<void> {
    const held = await exec(command);
    assert.equal(held.structuredContent?.error?.code, 'approval_pending', JSON.stringify(held));
    const decided = await decide(held.structuredContent?.error?.approvalId as string, ...extra);
    assert.equal(decided.code, 0, decided.stderr);
    assert.equal((await exec(command)).isError, undefined, 'the approved call runs');
  }
  const held = async (command: string) => (await exec(command)).structuredContent?.error?.code;

  before(async () => {
    sshd = await startSshd();
    const key = generateApiKey();
    const connections = { 'web-1': { type: 'ssh', host: sshd.host, port: sshd.port, user: sshd.user, privateKey: `file:${sshd.clientKeyPath}`, hostKey: sshd.hostPublicKey } };
    gh = await startGatehouse({ identity: { apiKeys: [{ id: 'agent-1', groups: ['dev'], sha256: hashApiKey(key) }, ...dana.apiKeys] }, connections, approvals: { wait: '200ms', maxOpenPerPrincipal: 50 } }, 'http', { token: key });
  });
  after(async () => {
    await gh?.stop();
    await sshd?.stop();
  });

  it('keeps the files of a grant the approver did not widen', async () => {
    await approveWith(`rm -f ${file('a1')}`, '--grant', '30');
    const again = file('a1');
    assert.equal((await exec(`rm -f ${again}`)).isError, undefined, 'the grant covers the same file');
    assert.equal(existsSync(again), false);
    const other = file('a2');
    assert.equal(await held(`rm -f ${other}`), 'approval_pending', 'an unwidened grant never covers another file');
    assert.equal(existsSync(other), true);
  });

  it('covers another file once the approver widens the grant', async () => {
    await approveWith(`rm -v ${file('b1')}`, '--grant', '30', '--widen-files');
    const other = file('b2');
    const ran = await exec(`rm -v ${other}`);
    assert.equal(ran.isError, undefined, JSON.stringify(ran));
    assert.equal(existsSync(other), false, 'the widened grant ran rm on another file');
  });

  it('never lets a widened grant change the command, its flags, the number of files or a redirection', async () => {
    await approveWith(`touch ${join(dir, 'c1')}`, '--grant', '30', '--widen-files');
    const kept = file('c2');
    for (const command of [`rm ${kept}`, `touch -d 2020-01-01 ${kept}`, `touch ${kept} ${join(dir, 'c3')}`, `touch ${kept} > ${join(dir, 'c4')}`, `touch ${join(dir, 'c*')}`, `touch ${kept}; rm ${kept}`]) {
      assert.equal(await held(command), 'approval_pending', command);
    }
    assert.equal(existsSync(kept), true);
    assert.equal(existsSync(join(dir, 'c3')), false);
    assert.equal((await exec(`touch ${join(dir, 'c5')}`)).isError, undefined, 'the same command on another file runs');
    assert.equal(existsSync(join(dir, 'c5')), true);
  });

  it('refuses to widen without a grant window, or a line with no file to widen', async () => {
    const first = await exec(`rm -i ${file('e1')}`);
    const noWindow = await decide(first.structuredContent?.error?.approvalId as string, '--widen-files');
    assert.equal(noWindow.code, 1);
    assert.match(noWindow.stderr, /widen_needs_grant/);
    const nothing = await exec('systemctl restart nginx');
    const refused = await decide(nothing.structuredContent?.error?.approvalId as string, '--grant', '30', '--widen-files');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /nothing_to_widen/);
  });

  it('shows the widened scope in approvals show', async () => {
    const pending = await exec(`rm -r ${file('f1')}`);
    const shown = await approvals('show', pending.structuredContent?.error?.approvalId as string);
    assert.match(shown.stdout, /if widened: Widened to other files, .*any one named file in place of each file it reads or writes/);
  });
});

// The request card as the approver reads it, from a stored request: a shell line with files offers
// to widen the grant and says in words what widening adds (and that under a quorum every approver
// must widen); a call with nothing to widen offers no such box. The facts read as sentences, the
// riskiest first, with agent text (paths) escaped by the renderer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApprovalRequest } from '../../src/approval/model.ts';
import { requestCard } from '../../src/console/approvals-view.ts';

const agent = { id: 'agent-1', name: 'agent-1', groups: ['dev'], kind: 'agent' as const };
const dana = { principal: { id: 'dana', name: 'Dana', groups: ['ops'], kind: 'human' as const }, csrf: 'token' };

function shellRequest(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'req-1', actionHash: 'h', state: 'pending', tool: 'ssh_exec', target: 'web-1', args: { host: 'web-1', command: 'rm -f /tmp/a.log' },
    summary: 'rm -f /tmp/a.log', shape: 'rm "-f" "/tmp/a.log"', widenedShape: 'files free: rm "-f" <file>',
    facts: { shell: { hasError: false, error: '', names: ['rm'], writePaths: ['/tmp/<b>.log'], readsPaths: [], sensitiveReads: [], danger: [], dynamic: false, interpreterCode: false, downloadPipedToInterpreter: false, readOnly: false, readOnlyBlockers: ['rm writes'] } },
    rules: [{ id: 'shell-review-not-read-only', effect: 'review', reason: 'not read-only' }], reason: 'not read-only',
    requester: { principal: agent, session: 's', client: 'c' }, approverGroups: ['ops'], requiredApprovals: 2, decisions: [],
    createdAt: '2026-03-01T09:59:00.000Z', expiresAt: '2026-03-01T10:05:00.000Z', version: 1, ...over,
  };
}

describe('the request card', () => {
  it('offers to widen a shell grant to other files, saying what that adds and that every approver must widen', () => {
    const card = requestCard(shellRequest(), dana, [], Date.parse('2026-03-01T10:00:00.000Z')).text;
    assert.match(card, /<input type="checkbox" name="widenFiles" value="on"> Widen the grant to other files/);
    assert.match(card, /Widened to other files, a grant lets agent-1 run ssh_exec on web-1 .* any one named file in place of each file it reads or writes .* never a file that may hold secrets\. It is widened only if all 2 approvers widen it/);
  });

  it('offers no widening for a call with nothing to widen', () => {
    const { widenedShape: _, ...plain } = shellRequest();
    assert.doesNotMatch(requestCard(plain, dana, [], 0).text, /widenFiles/);
  });

  it('says the facts in sentences, agent text escaped', () => {
    const card = requestCard(shellRequest(), dana, [], 0).text;
    assert.match(card, /<li>It runs rm\.<\/li><li>It writes \/tmp\/&lt;b&gt;\.log\.<\/li><li>Not read-only: rm writes\.<\/li>/);
  });
});

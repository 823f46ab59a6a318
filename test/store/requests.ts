// Approval requests, grants and reviewed calls for the store tests, with only what varies spelled out.
import { randomUUID } from 'node:crypto';
import type { ApprovalRequest, Grant } from '../../src/approval/model.ts';
import type { GateCall } from '../../src/approval/service.ts';

export const agent = { id: 'agent-1', name: 'agent-1', groups: ['dev'], kind: 'agent' as const };
export const dba = (id: string) => ({ id, name: id, groups: ['dba'], kind: 'human' as const });

export function request(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: randomUUID(),
    actionHash: 'hash-1',
    state: 'pending',
    tool: 'postgres_query',
    target: 'shop',
    args: { sql: 'UPDATE t SET a = 1 WHERE id = 1' },
    summary: 'update t',
    shape: 'shape-1',
    facts: { sql: { readOnly: false } },
    rules: [{ id: 'r', effect: 'review', reason: 'writes' }],
    reason: 'writes',
    requester: { principal: agent, session: 's', client: 'c' },
    approverGroups: ['dba'],
    requiredApprovals: 1,
    decisions: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2099-01-01T00:00:00.000Z',
    version: 1,
    ...over,
  };
}

export const grant = (over: Partial<Grant> = {}): Grant => ({ id: randomUUID(), principal: 'agent-1', tool: 'postgres_query', target: 'shop', shape: 'shape-1', approvalId: 'a', grantedBy: 'dana', expiresAt: '2099-01-01T00:00:00.000Z', ...over });

export function gateCall(sql = 'UPDATE t SET a = 1 WHERE id = 1'): GateCall {
  const decision = { effect: 'review' as const, default: false, rules: [{ id: 'r', effect: 'review' as const, reason: 'writes' }], reason: 'writes', approvers: ['dba'], requiredApprovals: 1, limits: { timeoutMs: 1, maxRows: 1, maxBytes: 1 }, mask: 'default', errors: [] };
  return { tool: 'postgres_query', target: 'shop', args: { sql }, principal: agent, session: 's', client: 'c', callId: randomUUID(), decision, facts: {}, shape: 'shape-1', summary: sql };
}

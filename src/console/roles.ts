// Who may do what in the console. Approvers: members of any group that can decide some request
// (approvals.defaultApprovers and every group a review rule names); they may also read the audit
// pages. Auditors (console.auditors) may read only. Everyone else sees nothing but their name.
import type { Principal } from '../identity/principal.ts';
import type { Runtime } from '../server/runtime.ts';

export interface Roles {
  approver: boolean;
  reader: boolean;
}

export type RoleCheck = (principal: Principal) => Roles;

export function approverGroupsOf(runtime: Pick<Runtime, 'config' | 'policy'>): string[] {
  const groups = new Set(runtime.config.parsed.approvals.defaultApprovers);
  for (const rule of runtime.policy.rules) for (const g of rule.approvers) groups.add(g);
  return [...groups];
}

export function createRoleCheck(approverGroups: readonly string[], auditorGroups: readonly string[]): RoleCheck {
  return (principal) => {
    const approver = principal.groups.some((g) => approverGroups.includes(g));
    return { approver, reader: approver || principal.groups.some((g) => auditorGroups.includes(g)) };
  };
}

// Who may do what in the console. Approvers: members of any group that can decide some request
// (approvals.defaultApprovers and every group a review rule names); they may also read the audit
// pages. Auditors (console.auditors) may read only. Operators (console.operators, and whoever signs in
// with the one-time link the server printed) may use the kill switch. Everyone else sees nothing but their name.
import type { Principal } from '../identity/principal.ts';
import type { Runtime } from '../server/runtime.ts';

export interface Roles {
  approver: boolean;
  reader: boolean;
  operator: boolean;
}

/** `via`: how the person signed in; the one-time link goes only to whoever runs the server. */
export type RoleCheck = (principal: Principal, via?: 'link' | 'oidc') => Roles;

export function approverGroupsOf(runtime: Pick<Runtime, 'config' | 'policy'>): string[] {
  const groups = new Set(runtime.config.parsed.approvals.defaultApprovers);
  for (const rule of runtime.policy.rules) for (const g of rule.approvers) groups.add(g);
  return [...groups];
}

export function createRoleCheck(approverGroups: readonly string[], auditorGroups: readonly string[], operatorGroups: readonly string[] = []): RoleCheck {
  return (principal, via) => {
    const approver = principal.groups.some((g) => approverGroups.includes(g));
    const operator = via === 'link' || principal.groups.some((g) => operatorGroups.includes(g));
    return { approver, reader: approver || principal.groups.some((g) => auditorGroups.includes(g)), operator };
  };
}

// What a grant on a request would cover, in words for the approver (CLI and console), and what a
// decision did to the grant. Reads the shape formats the tool packs produce (tools/*/classify);
// a shape this does not know is shown as it is. The result is agent text in part (an SSH shape
// keeps code and redirections): callers pass it through their medium's renderer.
import type { ApprovalRequest, Grant } from './model.ts';
import { agreedGrant } from './decide.ts';

type Scoped = Pick<ApprovalRequest, 'tool' | 'target' | 'shape' | 'requester'>;

function shapeWords(shape: string): string {
  if (shape.startsWith('pg:')) {
    return 'the same statements on the same tables, columns and functions, with any constants in place of this call\'s (numbers, strings, list items, LIMIT values): a changed constant can make a WHERE clause match other rows, or every row';
  }
  if (shape.startsWith('sha256:') || shape.startsWith('unparsed: ') || shape.startsWith('literal: ')) return 'this exact text only (it has no shape that other calls could share)';
  if (shape.startsWith('k8s apply')) return `${shape}: applies of objects of the same kinds in the same namespaces, with any names and any content (images, replicas, settings)`;
  if (shape.startsWith('k8s ')) return `${shape}: the same verb on the same resource in the same namespace, for any object name`;
  return `${shape}: the same commands with the same flags; each ? stands for an operand (a file, host, unit, ...) that may be anything`;
}

export function grantScope(r: Scoped): string {
  return `a grant lets ${r.requester.principal.id} run ${r.tool} on ${r.target} without asking, until it expires, for every call of this shape: ${shapeWords(r.shape)}`;
}

/** What happened to the grant an approver asked for, said after their decision. */
export function grantOutcome(r: ApprovalRequest, asked: boolean, grant: Grant | undefined): string | undefined {
  if (grant) return `granted until ${grant.expiresAt} (the shortest window the approvers asked for): ${grantScope(r)}`;
  if (!asked) return undefined;
  if (r.state === 'pending') return `the grant takes effect only if every approver counted toward the ${r.requiredApprovals} approvals asks for one`;
  const agreed = agreedGrant(r);
  if (r.state === 'approved' && agreed.minutes === undefined) return `no grant: ${agreed.without.join(', ')} approved without one, and a grant needs every approver's agreement`;
  return undefined;
}

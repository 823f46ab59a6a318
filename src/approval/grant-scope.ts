// What a grant on a request would cover, in words for the approver (CLI and console), and what a
// decision did to the grant. Reads the shape formats the tool packs produce (tools/*/classify);
// a shape this does not know is shown as it is. The result is agent text in part (an SSH shape
// keeps code and redirections): callers pass it through their medium's renderer.
import type { ApprovalRequest, Grant } from './model.ts';
import { agreedGrant } from './decide.ts';

type Scoped = Pick<ApprovalRequest, 'tool' | 'target' | 'shape' | 'requester' | 'grantVaries' | 'impact' | 'widenedShape'>;

function shapeWords(r: Scoped, widened: boolean): string {
  const { shape } = r;
  if (widened) return 'this same command line with any one named file in place of each file it reads or writes (no glob, no variable); the commands, flags, option values, other operands and redirections as written, and never a file that may hold secrets';
  if (shape.startsWith('pg:')) {
    const varies = r.grantVaries?.length ? `only these may differ: ${r.grantVaries.join('; ')}` : 'nothing may differ but spacing and case';
    return `the same statements with the same operators, lists, ranges, limits, tables, columns and functions; ${varies}`;
  }
  if (shape.startsWith('sha256:') || shape.startsWith('unparsed: ') || shape.startsWith('literal: ')) return 'this exact text only (it has no shape that other calls could share)';
  if (shape.startsWith('k8s apply')) return 'exactly the objects of this call (their content, however the YAML is written) in the namespaces it sends them to';
  if (shape.startsWith('k8s ')) return 'the same verb on the same object, with the same replica count or command line';
  return 'this same command line, every flag, operand, operator and redirection as written (only spacing, quoting and comments may differ)';
}

/** The row ceiling a grant carries over from the approved call's dry run. */
function ceilingWords(r: Scoped): string {
  const { impact } = r;
  return impact?.method === 'dry run' && impact.rows !== undefined ? `, each changing at most ${impact.rows} row${impact.rows === 1 ? '' : 's'} (what the dry run showed)` : '';
}

/** `widened`: the scope of a grant widened to other files (only for a request that has a widened shape). */
export function grantScope(r: Scoped, widened = false): string {
  return `a grant lets ${r.requester.principal.id} run ${r.tool} on ${r.target} without asking, until it expires, for every call of this shape: ${shapeWords(r, widened && r.widenedShape !== undefined)}${ceilingWords(r)}`;
}

/** What widening would add, for the approve forms; undefined when the call has nothing to widen. */
export function wideningScope(r: Scoped, quorum: number): string | undefined {
  if (!r.widenedShape) return undefined;
  const all = quorum > 1 ? ` It is widened only if all ${quorum} approvers widen it; otherwise the grant keeps the files as written.` : '';
  return `Widened to other files, ${grantScope(r, true)}.${all}`;
}

/** What happened to the grant an approver asked for, said after their decision. */
export function grantOutcome(r: ApprovalRequest, asked: boolean, grant: Grant | undefined): string | undefined {
  const narrowed = grant && !grant.widenedFiles && r.decisions.some((d) => d.widenFiles) ? ' (not widened to other files: every approver must widen it)' : '';
  if (grant) return `granted until ${grant.expiresAt} (the shortest window the approvers asked for): ${grantScope(r, grant.widenedFiles === true)}${narrowed}`;
  if (!asked) return undefined;
  if (r.state === 'pending') return `the grant takes effect only if every approver counted toward the ${r.requiredApprovals} approvals asks for one (and covers other files only if every one widens it)`;
  const agreed = agreedGrant(r);
  if (r.state === 'approved' && agreed.minutes === undefined) return `no grant: ${agreed.without.join(', ')} approved without one, and a grant needs every approver's agreement`;
  return undefined;
}

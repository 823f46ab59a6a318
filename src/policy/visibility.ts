// Which tools a principal sees in tools/list: those that some rule could allow or review for them
// on at least one target. A tool every call of which is denied outright is not offered at all.
import type { Principal } from '../identity/principal.ts';
import type { Target } from '../pipeline/toolpack.ts';
import type { Policy } from './compile.ts';

export function toolCouldRun(policy: Policy, tool: string, principal: Principal, targets: readonly Target[]): boolean {
  return targets.some((target) => {
    const rules = policy.rules.filter((r) => r.matches(tool, target, principal));
    if (rules.some((r) => r.effect === 'deny' && !r.condition && r.requires.length === 0)) return false;
    if (rules.some((r) => r.effect !== 'deny')) return true;
    return policy.defaultEffect !== 'deny';
  });
}

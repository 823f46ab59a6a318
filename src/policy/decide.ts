// The decision: every matching rule applies, the most restrictive effect wins (deny > review >
// confirm > allow: confirm asks the person at the client, review an independent approver), limits
// combine to the tightest, and with no match the policy default applies. A condition that fails to
// evaluate counts as matching when its rule would restrict (fail closed), and is recorded.
import type { Principal } from '../identity/principal.ts';
import type { Limits, Target } from '../pipeline/toolpack.ts';
import type { CompiledRule, Policy } from './compile.ts';
import type { Effect } from './schema.ts';

/** The normalized call every rule is evaluated against. */
export interface Action {
  tool: string;
  target: Target;
  principal: Principal;
  /** Pack facts by namespace, e.g. `{ sql: {...} }`. */
  facts: Record<string, unknown>;
}

export interface MatchedRule {
  id: string;
  effect: Effect;
  reason: string;
}

export interface Decision {
  effect: Effect;
  /** True when no rule matched and the policy default decided. */
  default: boolean;
  rules: MatchedRule[];
  /** Reasons of the rules that set the winning effect, for the agent. */
  reason: string;
  approvers: string[];
  /** Distinct approvers a review needs: the most any winning rule asks for. */
  requiredApprovals: number;
  limits: Limits;
  mask: string;
  /** Conditions that failed to evaluate (each treated as matching if it restricts). */
  errors: Array<{ rule: string; message: string }>;
}

const RANK: Record<Effect, number> = { allow: 0, confirm: 1, review: 2, deny: 3 };

export function decide(policy: Policy, action: Action, defaults: Limits): Decision {
  const context: Record<string, unknown> = { tool: action.tool, target: action.target, principal: action.principal, ...action.facts };
  const matched: CompiledRule[] = [];
  const errors: Decision['errors'] = [];
  for (const rule of policy.rules) {
    if (!rule.matches(action.tool, action.target, action.principal)) continue;
    if (!rule.requires.every((key) => key in action.facts)) continue;
    if (!rule.condition) {
      matched.push(rule);
      continue;
    }
    let result: unknown;
    try {
      result = rule.condition(context);
    } catch (error) {
      errors.push({ rule: rule.id, message: (error as Error).message.split('\n')[0] ?? 'evaluation failed' });
      if (rule.effect !== 'allow') matched.push(rule);
      continue;
    }
    if (result === true) matched.push(rule);
  }

  const effect = matched.length === 0 ? policy.defaultEffect : matched.reduce<Effect>((e, r) => (RANK[r.effect] > RANK[e] ? r.effect : e), 'allow');
  const winners = matched.filter((r) => r.effect === effect);
  return {
    effect,
    default: matched.length === 0,
    rules: matched.map((r) => ({ id: r.id, effect: r.effect, reason: r.reason(context) })),
    reason: matched.length === 0 ? `No rule matched; the policy default is ${effect}.` : unique(winners.map((r) => r.reason(context))).join(' '),
    approvers: unique(winners.flatMap((r) => r.approvers)),
    requiredApprovals: Math.max(1, ...winners.map((r) => r.requiredApprovals)),
    limits: tightest(defaults, matched),
    mask: matched.find((r) => r.mask)?.mask ?? 'default',
    errors,
  };
}

function tightest(defaults: Limits, rules: readonly CompiledRule[]): Limits {
  const limits = { ...defaults };
  for (const { limits: l } of rules) {
    if (!l) continue;
    if (l.timeout !== undefined) limits.timeoutMs = Math.min(limits.timeoutMs, l.timeout);
    if (l.maxRows !== undefined) limits.maxRows = Math.min(limits.maxRows, l.maxRows);
    if (l.maxBytes !== undefined) limits.maxBytes = Math.min(limits.maxBytes, l.maxBytes);
  }
  return limits;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

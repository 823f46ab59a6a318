// The decision half of a call: tool lookup, argument check, target lookup, classification, policy.
// Shared by the server and `gatehouse policy explain`, so both give exactly the same decision.
import type { Principal } from '../identity/principal.ts';
import type { Policy } from '../policy/compile.ts';
import { decide, type Action, type Decision } from '../policy/decide.ts';
import { pass, refuse, type StageResult } from './refusal.ts';
import type { Catalog, OpenTarget, RegisteredTool } from './registry.ts';
import { DEFAULT_PROTECTION } from '../masking/index.ts';
import type { EvaluationBudget } from './evaluation-budget.ts';
import type { Classification, ColumnProtection, Limits, Target } from './toolpack.ts';

export interface EvaluatedCall {
  tool: RegisteredTool;
  args: Record<string, unknown>;
  target: Target;
  open?: OpenTarget;
  /** Every target of the tool's type, for listing tools. */
  targets: readonly Target[];
  classification: Classification;
  action: Action;
  decision: Decision;
}

export function evaluateCall(
  registry: Catalog,
  policy: Policy,
  limits: Limits,
  name: string,
  rawArgs: unknown,
  principal: Principal,
  /** Columns the masking profiles protect (the shipped default profile's when not given). */
  protection: ColumnProtection = DEFAULT_PROTECTION,
): StageResult<EvaluatedCall> {
  const located = locateCall(registry, name, rawArgs);
  if (!located.ok) return located;
  const { tool, args } = located.value;
  let classification: Classification;
  try {
    classification = tool.pack.classify(name, args, { protection });
  } catch {
    return refuse('classification_failed', CLASSIFICATION_FAILED);
  }
  return decideCall(registry, policy, limits, located.value, classification, principal);
}

/**
 * As evaluateCall, with a large input classified on a worker thread: the server's way. The time
 * counted against the principal's budget is what the call cost, here and on the worker, not the
 * time it waited for a worker to be free or to start.
 */
export async function evaluateCallOffThread(budget: EvaluationBudget, ...call: Parameters<typeof evaluateCall>): Promise<StageResult<EvaluatedCall>> {
  const [registry, policy, limits, name, rawArgs, principal, protection = DEFAULT_PROTECTION] = call;
  let spent = 0;
  let since = performance.now();
  const pause = () => (spent += performance.now() - since);
  try {
    const located = locateCall(registry, name, rawArgs);
    if (!located.ok) return located;
    const { tool, args } = located.value;
    let classification: Classification;
    try {
      const offThread = tool.pack.classifyOffThread?.(name, args, { protection, principal: principal.id, spend: (ms) => (spent += ms) });
      if (offThread) {
        pause();
        classification = await offThread.finally(() => (since = performance.now()));
      } else classification = tool.pack.classify(name, args, { protection });
    } catch {
      return refuse('classification_failed', CLASSIFICATION_FAILED);
    }
    return decideCall(registry, policy, limits, located.value, classification, principal);
  } finally {
    pause();
    budget.spend(principal.id, spent);
  }
}

const CLASSIFICATION_FAILED = 'the call could not be classified, so it was not executed';

interface LocatedCall {
  name: string;
  tool: RegisteredTool;
  args: Record<string, unknown>;
  target: Target;
  open?: OpenTarget;
}

function locateCall(registry: Catalog, name: string, rawArgs: unknown): StageResult<LocatedCall> {
  const tool = registry.tools.get(name);
  if (!tool) return refuse('unknown_tool', `unknown tool "${name}"; available: ${[...registry.tools.keys()].join(', ')}`);

  const parsed = tool.spec.input.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`);
    return refuse('invalid_arguments', `invalid arguments for ${name}: ${problems.join('; ')}`);
  }
  const args = parsed.data as Record<string, unknown>;

  const located = locateTarget(registry, tool, args);
  if (!located.ok) return located;
  return pass({ name, tool, args, ...located.value });
}

function decideCall(registry: Catalog, policy: Policy, limits: Limits, call: LocatedCall, classification: Classification, principal: Principal): StageResult<EvaluatedCall> {
  const { name, tool, args, target, open } = call;
  const action: Action = { tool: name, target, principal, facts: classification.facts };
  let decision: Decision;
  try {
    decision = decide(policy, action, limits);
  } catch {
    return refuse('policy_failed', 'the policy could not be evaluated, so the call was not executed');
  }
  return pass({ tool, args, target, ...(open ? { open } : {}), targets: registry.targetsOfType(tool.pack.type), classification, action, decision });
}

function locateTarget(registry: Catalog, tool: RegisteredTool, args: Record<string, unknown>): StageResult<{ target: Target; open?: OpenTarget }> {
  const argName = tool.spec.targetArg;
  if (argName === undefined) return pass({ target: { name: '', type: tool.pack.type, labels: {} } });
  const name = args[argName];
  const open = typeof name === 'string' ? registry.targets.get(name) : undefined;
  if (!open || open.pack !== tool.pack) {
    const known = registry.targetsOfType(tool.pack.type).map((t) => t.name);
    return refuse('unknown_target', `unknown ${argName} "${String(name).slice(0, 100)}"; known: ${known.join(', ') || '(none configured)'}`);
  }
  return pass({ target: open.target, open });
}

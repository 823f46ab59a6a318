// Loads policy files and compiles every rule once: globs to matchers, CEL to checked programs.
// A rule that does not compile is a load error naming the file, the rule and the position.
import { readFileSync } from 'node:fs';
import type { Environment } from '@marcbachmann/cel-js';
import { parse as parseYaml } from 'yaml';
import { formatIssues } from '../config/issues.ts';
import type { Principal } from '../identity/principal.ts';
import type { Target } from '../pipeline/toolpack.ts';
import { limit, moreNote } from '../render/characters.ts';
import { createPolicyEnvironment, type FactNamespace } from './cel-env.ts';
import { compileGlobs } from './glob.ts';
import { PolicyFileSchema, type Effect, type RuleInput } from './schema.ts';

export interface CompiledRule {
  id: string;
  file: string;
  effect: Effect;
  /** The reason with `{fact.path}` placeholders filled from the call's facts. */
  reason(context: Record<string, unknown>): string;
  approvers: string[];
  requiredApprovals: number;
  limits: RuleInput['limits'];
  mask?: string;
  when?: string;
  /** Fact namespaces the condition reads; the rule applies only to calls that carry all of them. */
  requires: string[];
  matches(tool: string, target: Target, principal: Principal): boolean;
  condition?: (context: Record<string, unknown>) => unknown;
}

export interface Policy {
  defaultEffect: Effect;
  rules: CompiledRule[];
  files: string[];
}

export type PolicyLoadResult = { ok: true; policy: Policy } | { ok: false; problems: string[] };

export interface PolicySource {
  file: string;
  text: string;
}

export function loadPolicyFiles(files: readonly string[], namespaces: readonly FactNamespace[]): PolicyLoadResult {
  const sources: PolicySource[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      sources.push({ file, text: readFileSync(file, 'utf8') });
    } catch (error) {
      problems.push(`${file}: cannot read policy file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return compilePolicy(sources, namespaces);
}

export function compilePolicy(sources: readonly PolicySource[], namespaces: readonly FactNamespace[]): PolicyLoadResult {
  const env = createPolicyEnvironment(namespaces);
  const factKeys = new Set(namespaces.map((n) => n.key));
  const problems: string[] = [];
  const rules: CompiledRule[] = [];
  const seen = new Map<string, string>();
  let defaultEffect: Effect | undefined;

  for (const { file, text } of sources) {
    let raw: unknown;
    try {
      raw = parseYaml(text) ?? {};
    } catch (error) {
      problems.push(`${file}: invalid YAML: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const parsed = PolicyFileSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...formatIssues(parsed.error.issues, []).map((p) => `${file}: ${p}`));
      continue;
    }
    defaultEffect ??= parsed.data.default;
    for (const rule of parsed.data.rules) {
      const where = `${file}: rule ${rule.id}`;
      const earlier = seen.get(rule.id);
      if (earlier) {
        problems.push(`${where}: duplicate rule id (first defined in ${earlier})`);
        continue;
      }
      seen.set(rule.id, file);
      if (rule.effect === 'review' && rule.approvers?.length === 0) problems.push(`${where}: approvers, when given, must name a group`);
      const compiled = compileRule(rule, file, env, factKeys);
      if (typeof compiled === 'string') problems.push(`${where}: ${compiled}`);
      else rules.push(compiled);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, policy: { defaultEffect: defaultEffect ?? 'review', rules, files: sources.map((s) => s.file) } };
}

function compileRule(rule: RuleInput, file: string, env: Environment, factKeys: Set<string>): CompiledRule | string {
  let condition: CompiledRule['condition'];
  let requires: string[] = [];
  if (rule.when !== undefined) {
    try {
      const program = env.parse(rule.when);
      const check = program.check();
      if (!check.valid) return `when: ${oneLine(check.error)}`;
      if (check.type !== 'bool') return `when: must be a boolean expression, it is ${check.type}`;
      requires = [...referencedIdentifiers(program.ast)].filter((id) => factKeys.has(id));
      condition = (context) => program(context);
    } catch (error) {
      return `when: ${oneLine(error)}`;
    }
  }
  const m = rule.match;
  const tools = compileGlobs(m.tools);
  const targets = compileGlobs(m.targets);
  const principals = compileGlobs(m.principals);
  const groups = m.groups ? new Set(m.groups) : undefined;
  const labels = m.labels ? Object.entries(m.labels) : undefined;
  const matches = (tool: string, target: Target, principal: Principal) =>
    (!tools || tools(tool)) &&
    (!targets || targets(target.name)) &&
    (!principals || principals(principal.id)) &&
    (!groups || principal.groups.some((g) => groups.has(g))) &&
    (!labels || labels.every(([key, values]) => values.includes(target.labels[key] ?? '\u0000')));
  return {
    id: rule.id,
    file,
    effect: rule.effect,
    reason: compileReason(rule.reason ?? `rule ${rule.id}`),
    approvers: rule.approvers ?? [],
    requiredApprovals: rule.approvals ?? 1,
    limits: rule.limits,
    ...(rule.mask ? { mask: rule.mask } : {}),
    ...(rule.when ? { when: rule.when } : {}),
    requires,
    matches,
    ...(condition ? { condition } : {}),
  };
}

/** How much of one quoted fact a reason holds; past it, the reason says how much it left out (a padded list hides nothing silently). */
const MAX_QUOTED = 300;

/** Reasons may quote facts: `{sql.error}`. Paths are resolved once; a missing value reads as "?". */
function compileReason(text: string): CompiledRule['reason'] {
  const parts = text.split(/\{([a-zA-Z_][\w.]*)\}/);
  if (parts.length === 1) return () => text;
  return (context) =>
    parts
      .map((part, i) => {
        if (i % 2 === 0) return part;
        let value: unknown = context;
        for (const key of part.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
        if (value === undefined || value === null) return '?';
        const { text: head, more } = limit(Array.isArray(value) ? value.join(', ') : String(value), MAX_QUOTED);
        return more ? head + moreNote(more) : head;
      })
      .join('');
}

/** Top-level identifiers a CEL AST reads (`sql` in `sql.writes`). */
function referencedIdentifiers(ast: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(ast)) for (const item of ast) referencedIdentifiers(item, found);
  else if (ast && typeof ast === 'object') {
    const node = ast as { op?: unknown; args?: unknown };
    if (node.op === 'id' && typeof node.args === 'string') found.add(node.args);
    else referencedIdentifiers(node.args, found);
  }
  return found;
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

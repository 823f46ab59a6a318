// Policy tests as data: YAML cases (a call, who makes it, on which target, the expected effect and
// optionally the rule) run through the same evaluation as the server. A library that yields
// results; the CLI (`gatehouse policy test`) is a thin reporter on top.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatIssues } from '../config/issues.ts';
import { evaluateCall } from '../pipeline/evaluate.ts';
import type { Catalog, RegisteredTool } from '../pipeline/registry.ts';
import type { Limits, Target, ToolPack } from '../pipeline/toolpack.ts';
import type { Policy } from './compile.ts';
import { EffectSchema } from './schema.ts';

const PrincipalCase = z.object({ id: z.string().default('test-agent'), groups: z.array(z.string()).default([]), kind: z.enum(['human', 'agent', 'service']).default('agent') }).strict();
const TargetCase = z.object({ name: z.string().default('target'), labels: z.record(z.string(), z.string()).default({}) }).strict();

const CaseSchema = z
  .object({
    name: z.string().optional(),
    call: z.object({ tool: z.string(), args: z.record(z.string(), z.unknown()).default({}) }).strict(),
    as: PrincipalCase.optional(),
    target: TargetCase.optional(),
    effect: EffectSchema,
    rule: z.string().optional().describe('A rule that must be among those that set the effect'),
  })
  .strict();

const FileSchema = z
  .object({ as: PrincipalCase.optional(), target: TargetCase.optional(), cases: z.array(CaseSchema).min(1) })
  .strict();

export interface PolicyTestResult {
  file: string;
  name: string;
  ok: boolean;
  expected: { effect: string; rule?: string };
  actual: { effect: string; rules: string[]; reason: string } | { error: string };
}

const DEFAULT_LIMITS: Limits = { timeoutMs: 30_000, maxRows: 1000, maxBytes: 1 << 20 };

export function* runPolicyTests(policy: Policy, packs: readonly ToolPack[], files: readonly string[]): Generator<PolicyTestResult> {
  const tools = new Map<string, RegisteredTool>(packs.flatMap((pack) => pack.tools.map((spec) => [spec.name, { spec, pack }] as const)));
  for (const file of files) {
    const parsed = FileSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      yield { file, name: '(file)', ok: false, expected: { effect: '-' }, actual: { error: formatIssues(parsed.error.issues, []).join('; ') } };
      continue;
    }
    for (const [i, c] of parsed.data.cases.entries()) {
      const name = c.name ?? `case ${i + 1}: ${c.call.tool} ${JSON.stringify(c.call.args).slice(0, 80)}`;
      const expected = { effect: c.effect, ...(c.rule ? { rule: c.rule } : {}) };
      const who = PrincipalCase.parse(c.as ?? parsed.data.as ?? {});
      const where = TargetCase.parse(c.target ?? parsed.data.target ?? {});
      const tool = tools.get(c.call.tool);
      if (!tool) {
        yield { file, name, ok: false, expected, actual: { error: `unknown tool ${c.call.tool}` } };
        continue;
      }
      const target: Target = { name: where.name, type: tool.pack.type, labels: where.labels };
      const args = tool.spec.targetArg ? { [tool.spec.targetArg]: target.name, ...c.call.args } : c.call.args;
      const registry = singleTargetRegistry(tools, tool, target);
      const evaluated = evaluateCall(registry, policy, DEFAULT_LIMITS, c.call.tool, args, { id: who.id, name: who.id, groups: who.groups, kind: who.kind });
      if (!evaluated.ok) {
        yield { file, name, ok: false, expected, actual: { error: `${evaluated.refusal.code}: ${evaluated.refusal.message}` } };
        continue;
      }
      const d = evaluated.value.decision;
      const setters = d.rules.filter((r) => r.effect === d.effect).map((r) => r.id);
      const ok = d.effect === c.effect && (!c.rule || setters.includes(c.rule));
      yield { file, name, ok, expected, actual: { effect: d.effect, rules: d.rules.map((r) => `${r.id}:${r.effect}`), reason: d.reason } };
    }
  }
}

/** A registry that knows one target, so a case can run without any connection configured. */
function singleTargetRegistry(tools: Map<string, RegisteredTool>, tool: RegisteredTool, target: Target): Catalog {
  const handle = { close: async () => undefined };
  return {
    tools,
    targets: new Map([[target.name, { target, pack: tool.pack, handle }]]),
    targetsOfType: (type) => (type === target.type ? [target] : []),
  };
}

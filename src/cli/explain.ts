// gatehouse policy explain: the decision the server would give for one call, as JSON, computed by the
// same code the server runs (evaluateCall). Exit 0 whatever the effect; 2 on bad arguments or config.
import { packs } from '../../tools/index.ts';
import type { Principal } from '../identity/principal.ts';
import { unionProtection } from '../masking/index.ts';
import { evaluateCall } from '../pipeline/evaluate.ts';
import { createRegistry } from '../pipeline/registry.ts';
import { TerminalText, terminalJson } from '../render/terminal.ts';
import { checkRuntime } from '../server/runtime.ts';
import { configPath, loadOrExit, NO_BACKEND, UsageError } from './args.ts';

export interface ExplainOptions {
  config?: string;
  tool?: string;
  args?: string;
  as?: string;
  groups?: string;
  'target-labels'?: string;
}

export async function explain(options: ExplainOptions): Promise<void> {
  if (!options.tool) throw new UsageError('--tool NAME is required');
  let args: unknown;
  try {
    args = JSON.parse(options.args ?? '{}');
  } catch {
    throw new UsageError('--args must be a JSON object');
  }
  const config = loadOrExit(configPath(options.config), packs, 2, NO_BACKEND);
  const checked = checkRuntime(config, packs);
  if (!checked.ok) {
    for (const p of checked.problems) console.error(p);
    process.exit(2);
  }
  if (options['target-labels']) {
    for (const pair of options['target-labels'].split(',')) {
      const [key, value] = pair.split('=');
      if (!key || value === undefined) throw new UsageError('--target-labels takes k=v,k2=v2');
      for (const c of config.connections.values()) c.target.labels[key] = value;
    }
  }
  await Promise.all(packs.map((p) => p.init?.()));
  const principal: Principal = { id: options.as ?? 'explain', name: options.as ?? 'explain', groups: options.groups ? options.groups.split(',') : [], kind: 'agent' };
  const registry = createRegistry(packs, config.connections, undefined, { classifyOnly: true });
  try {
    const protection = unionProtection([...checked.maskers.values()].map((m) => m.protection));
    const evaluated = evaluateCall(registry, checked.policy, checked.limits, options.tool, args, principal, protection);
    if (!evaluated.ok) {
      // A refusal may quote the call (an unknown connection's name): agent text, shown escaped.
      const t = new TerminalText();
      console.error(`${evaluated.refusal.code}: ${t.line(evaluated.refusal.message)}`);
      process.exit(2);
    }
    const { decision, classification } = evaluated.value;
    const out = { effect: decision.effect, rules: decision.rules, facts: classification.facts, default: decision.default, reason: decision.reason, limits: decision.limits, errors: decision.errors };
    console.log(terminalJson(out, 2));
  } finally {
    await registry.close();
  }
}

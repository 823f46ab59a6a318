// tools/list: the tools a principal may see (visibility by policy), each with the targets it could
// use. Built from the running registry and policy, so a reload changes what is listed; the
// principals that listed are remembered (a bounded set) so a reload can tell whether what any of
// them sees changed, and only then tell clients the list changed.
import { z } from 'zod';
import { APPROVAL_STATUS_TOOL } from '../approval/status.ts';
import type { Principal } from '../identity/principal.ts';
import type { Registry } from '../pipeline/registry.ts';
import type { Target } from '../pipeline/toolpack.ts';
import type { Policy } from '../policy/compile.ts';
import { toolCouldRun } from '../policy/visibility.ts';

export interface ListedTool {
  name: string;
  title: string;
  description: string;
  inputSchema: { type: 'object'; [key: string]: unknown };
  annotations: Record<string, unknown>;
}

export interface ToolList {
  visibleTo(principal: Principal): ListedTool[];
  /** What every principal that listed sees now, as one comparable text. */
  snapshot(): string;
  /** Rebuilds the tool descriptions from the registry (after a reload changed it). */
  refresh(): void;
}

const REMEMBERED_PRINCIPALS = 1000;

export function listTools(registry: Registry): ListedTool[] {
  return [...registry.tools.values()].map(({ spec }) => ({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    inputSchema: z.toJSONSchema(spec.input, { io: 'input' }) as ListedTool['inputSchema'],
    annotations: { title: spec.title, ...spec.hints },
  }));
}

function targetList(argument: string, targets: readonly Target[]): string {
  return `Values for "${argument}": ${targets.map((t) => (t.description ? `${t.name} (${t.description})` : t.name)).join(', ')}.`;
}

export function createToolList(registry: Registry, policy: () => Policy): ToolList {
  let tools = listTools(registry);
  const seen = new Map<string, Principal>();
  const visible = (principal: Principal): ListedTool[] => {
    const listed = tools.flatMap((t) => {
      const registered = registry.tools.get(t.name);
      if (!registered) return [];
      const { targetArg } = registered.spec;
      if (!targetArg) return toolCouldRun(policy(), t.name, principal, [{ name: '', type: registered.pack.type, labels: {} }]) ? [t] : [];
      // Each target the principal could use, so an agent knows what to pass without a failed call first.
      const usable = registry.targetsOfType(registered.pack.type).filter((target) => toolCouldRun(policy(), t.name, principal, [target]));
      return usable.length > 0 ? [{ ...t, description: `${t.description}\n\n${targetList(targetArg, usable)}` }] : [];
    });
    return [...listed, APPROVAL_STATUS_TOOL];
  };
  return {
    visibleTo(principal) {
      seen.delete(principal.id);
      seen.set(principal.id, principal);
      if (seen.size > REMEMBERED_PRINCIPALS) seen.delete(seen.keys().next().value as string);
      return visible(principal);
    },
    snapshot: () => JSON.stringify([...seen.values()].map((p) => [p.id, visible(p)])),
    refresh: () => void (tools = listTools(registry)),
  };
}

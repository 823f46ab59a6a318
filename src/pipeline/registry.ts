// The tools and targets one server offers, built once at start from the packs and the config.
import type { LoadedConnection } from '../config/load.ts';
import type { Connection, OpenContext, Target, ToolPack, ToolSpec } from './toolpack.ts';

export interface RegisteredTool {
  spec: ToolSpec;
  pack: ToolPack;
}

export interface OpenTarget {
  target: Target;
  pack: ToolPack;
  handle: Connection;
}

export interface Registry {
  tools: Map<string, RegisteredTool>;
  targets: Map<string, OpenTarget>;
  targetsOfType(type: string): Target[];
  close(): Promise<void>;
}

/** The handle of a registry that only classifies (`policy explain`): no pack opens its connection, so no secret is needed. */
const NOT_OPENED: Connection = { close: async () => undefined };

/**
 * Offers a pack's tools only when at least one connection of its type is configured. With
 * `classifyOnly` no connection is opened: the registry names tools and targets for the policy.
 */
export function createRegistry(packs: readonly ToolPack[], connections: ReadonlyMap<string, LoadedConnection>, context?: OpenContext, options: { classifyOnly?: boolean } = {}): Registry {
  const targets = new Map<string, OpenTarget>();
  for (const [name, c] of connections) {
    const handle = options.classifyOnly ? NOT_OPENED : c.pack.open(c.target, c.config as Record<string, unknown>, c.secrets, context);
    targets.set(name, { target: c.target, pack: c.pack, handle });
  }
  const tools = new Map<string, RegisteredTool>();
  for (const pack of packs) {
    if (![...targets.values()].some((t) => t.pack === pack)) continue;
    for (const spec of pack.tools) tools.set(spec.name, { spec, pack });
  }
  const byType = new Map<string, Target[]>();
  for (const { target } of targets.values()) byType.set(target.type, [...(byType.get(target.type) ?? []), target]);
  return {
    tools,
    targets,
    targetsOfType: (type) => byType.get(type) ?? [],
    async close() {
      await Promise.allSettled([...targets.values()].map((t) => t.handle.close()));
    },
  };
}

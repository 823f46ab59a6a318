// The tools and targets one server offers, built at start from the packs and the config, and
// rebuilt by a reload: a connection whose settings or secrets changed gets a new handle while calls
// already holding the old one finish on it (it closes when the last lets go); an unchanged one
// keeps its handle, and with it its pool.
import { isDeepStrictEqual } from 'node:util';
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

export interface TargetChanges {
  added: string[];
  removed: string[];
  /** Settings or secrets changed: drained and reopened. */
  reopened: string[];
  /** Only labels or description changed: same handle. */
  relabeled: string[];
}

/** What evaluating a call reads: the tools and the targets. */
export interface Catalog {
  tools: Map<string, RegisteredTool>;
  targets: Map<string, OpenTarget>;
  targetsOfType(type: string): Target[];
}

export interface Registry extends Catalog {
  /** Marks a target in use by a call until the returned function runs; a replaced handle closes after its last user. */
  hold(open: OpenTarget): () => void;
  /** Brings the targets in line with a reloaded config. */
  update(connections: ReadonlyMap<string, LoadedConnection>): TargetChanges;
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
  const loaded = new Map<string, LoadedConnection>();
  const users = new Map<Connection, number>();
  const retired = new Set<Connection>();
  const tools = new Map<string, RegisteredTool>();
  const byType = new Map<string, Target[]>();

  const open = (c: LoadedConnection): OpenTarget => ({ target: c.target, pack: c.pack, handle: options.classifyOnly ? NOT_OPENED : c.pack.open(c.target, c.config as Record<string, unknown>, c.secrets, context) });
  const retire = (handle: Connection) => {
    if ((users.get(handle) ?? 0) > 0) retired.add(handle);
    else void handle.close().catch(() => undefined);
  };
  const index = () => {
    tools.clear();
    for (const pack of packs) {
      if (![...targets.values()].some((t) => t.pack === pack)) continue;
      for (const spec of pack.tools) tools.set(spec.name, { spec, pack });
    }
    byType.clear();
    for (const { target } of targets.values()) byType.set(target.type, [...(byType.get(target.type) ?? []), target]);
  };
  for (const [name, c] of connections) {
    targets.set(name, open(c));
    loaded.set(name, c);
  }
  index();

  return {
    tools,
    targets,
    targetsOfType: (type) => byType.get(type) ?? [],
    hold({ handle }) {
      users.set(handle, (users.get(handle) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (users.get(handle) ?? 1) - 1;
        if (left > 0) return void users.set(handle, left);
        users.delete(handle);
        if (retired.delete(handle)) void handle.close().catch(() => undefined);
      };
    },
    update(next) {
      const changes: TargetChanges = { added: [], removed: [], reopened: [], relabeled: [] };
      for (const [name, running] of targets) {
        if (next.has(name)) continue;
        targets.delete(name);
        loaded.delete(name);
        retire(running.handle);
        changes.removed.push(name);
      }
      for (const [name, c] of next) {
        const before = loaded.get(name);
        const running = targets.get(name);
        if (!before || !running) {
          changes.added.push(name);
          targets.set(name, open(c));
        } else if (before.pack !== c.pack || !isDeepStrictEqual(before.config, c.config) || !isDeepStrictEqual(before.secrets, c.secrets)) {
          changes.reopened.push(name);
          targets.set(name, open(c));
          retire(running.handle);
        } else if (!isDeepStrictEqual(before.target, c.target)) {
          changes.relabeled.push(name);
          targets.set(name, { ...running, target: c.target });
        }
        loaded.set(name, c);
      }
      index();
      return changes;
    },
    async close() {
      await Promise.allSettled([...targets.values(), ...[...retired].map((handle) => ({ handle }))].map((t) => t.handle.close()));
    },
  };
}

// Hot reload of what operators edit often: policies, masking profiles and connection descriptions.
// The new set goes through the loader and checks the server started with; any problem keeps the
// running set and is logged (config problems name paths, never secret values). A reload is on
// record (`policy.reloaded`, with the replica and each file's sha256) before it takes effect, and
// calls already started keep the rules and the connection they began with: a call waiting for
// approval is not dropped. Other config sections (server, identity, store, approvals) take a restart.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { RELOAD_SESSION } from '../audit/events.ts';
import { loadConfigFile, type LoadedConfig } from '../config/load.ts';
import type { TargetChanges } from '../pipeline/registry.ts';
import type { ToolPack } from '../pipeline/toolpack.ts';
import { REPLICA_ID } from './replica.ts';
import { checkRuntime, type Runtime } from './runtime.ts';

export type ReloadOutcome = { ok: true; files: FileHash[]; connections: TargetChanges; toolsChanged: boolean } | { ok: false; problems: string[] };

export interface FileHash {
  path: string;
  sha256: string;
}

export interface Reloader {
  /** Reloads once; reloads asked for while one runs wait their turn. */
  reload(trigger: string): Promise<ReloadOutcome>;
  /** The files a reload reads now: the config file and the policy files it names. */
  files(): string[];
  /**
   * Records the running set's hashes (`policy.reloaded`, trigger "start"), so that with a shared store
   * `gatehouse policy replicas` sees what every replica runs, including one that never reloaded.
   */
  recordRunning(): Promise<void>;
}

/** Sections a reload does not apply: a change there is logged as needing a restart. */
const RESTART_ONLY = ['server', 'identity', 'store', 'approvals', 'audit', 'console', 'log', 'limits'] as const;

export function createReloader(runtime: Runtime, configFile: string, packs: readonly ToolPack[], onToolsChanged: () => void): Reloader {
  let running: LoadedConfig = runtime.config;
  let queue: Promise<unknown> = Promise.resolve();

  async function reloadNow(trigger: string): Promise<ReloadOutcome> {
    const log = runtime.logger;
    const next = loadConfigFile(configFile, packs);
    if (!next.ok) return refused(trigger, next.problems);
    const checked = checkRuntime(next.config, packs);
    if (!checked.ok) return refused(trigger, checked.problems);
    const files = hashFiles([configFile, ...next.config.policyFiles]);
    if (!files.ok) return refused(trigger, [files.problem]);
    const restartOnly = RESTART_ONLY.filter((key) => !isDeepStrictEqual(running.parsed[key], next.config.parsed[key]));

    // On record first: if the audit cannot take it, the running set stays.
    try {
      await runtime.record([{ type: 'policy.reloaded', session: RELOAD_SESSION, data: { trigger, replica: REPLICA_ID, files: files.hashes, ...(restartOnly.length ? { needsRestart: restartOnly } : {}) } }]);
    } catch (error) {
      return refused(trigger, [`the audit record could not be written (${(error as Error).message})`]);
    }
    const before = runtime.tools.snapshot();
    runtime.learnSecrets(next.config);
    const connections = runtime.registry.update(next.config.connections);
    runtime.applyRules(checked);
    runtime.tools.refresh();
    running = next.config;
    const toolsChanged = runtime.tools.snapshot() !== before;
    if (toolsChanged) onToolsChanged();
    log.info({ trigger, files: files.hashes, connections, toolsChanged, ...(restartOnly.length ? { needsRestart: restartOnly } : {}) }, 'policies reloaded');
    return { ok: true, files: files.hashes, connections, toolsChanged };
  }

  function refused(trigger: string, problems: string[]): ReloadOutcome {
    runtime.logger.warn({ trigger, problems }, 'reload refused; the running policies and connections stay in force');
    return { ok: false, problems };
  }

  return {
    reload(trigger) {
      const turn = queue.then(() => reloadNow(trigger));
      queue = turn.catch(() => undefined);
      return turn;
    },
    files: () => [configFile, ...running.policyFiles],
    recordRunning() {
      // In turn with reloads, so it never says "start" of a set a reload already replaced.
      const turn = queue.then(async () => {
        const files = hashFiles([configFile, ...running.policyFiles]);
        try {
          if (!files.ok) throw new Error(files.problem);
          await runtime.record([{ type: 'policy.reloaded', session: RELOAD_SESSION, data: { trigger: 'start', replica: REPLICA_ID, files: files.hashes } }]);
        } catch (error) {
          // Serving goes on: the record says what runs, it decides nothing.
          runtime.logger.warn({ err: { message: (error as Error).message } }, 'could not record the running policy files');
        }
      });
      queue = turn;
      return turn;
    },
  };
}

function hashFiles(paths: readonly string[]): { ok: true; hashes: FileHash[] } | { ok: false; problem: string } {
  const hashes: FileHash[] = [];
  for (const path of paths) {
    try {
      hashes.push({ path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') });
    } catch (error) {
      return { ok: false, problem: `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
  }
  return { ok: true, hashes };
}

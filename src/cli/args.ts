// Small helpers shared by the CLI commands: config location and uniform failure output.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { packs as allPacks } from '../../tools/index.ts';
import { loadConfigFile, type LoadedConfig } from '../config/load.ts';
import type { ToolPack } from '../pipeline/toolpack.ts';
import { openStore } from '../store/open.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/store.ts';

export class UsageError extends Error {}

/** --config, else $GATEHOUSE_CONFIG, else ./gatehouse.yaml. */
export function configPath(flag: string | undefined): string {
  const file = flag ?? process.env.GATEHOUSE_CONFIG ?? 'gatehouse.yaml';
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`config file not found: ${path} (pass --config FILE or set GATEHOUSE_CONFIG)`);
  return path;
}

export function loadOrExit(file: string, packs: readonly ToolPack[], exitCode = 1): LoadedConfig {
  const loaded = loadConfigFile(file, packs);
  if (!loaded.ok) {
    console.error(`${file}: ${loaded.problems.length} problem${loaded.problems.length > 1 ? 's' : ''}`);
    for (const p of loaded.problems) console.error(`  ${p}`);
    process.exit(exitCode);
  }
  return loaded.config;
}

/** --store FILE names a SQLite file; otherwise the store the config names (SQLite or PostgreSQL). */
export async function openConfiguredStore(options: { config?: string; store?: string }): Promise<Store> {
  if (options.store) return openSqliteStore(resolve(options.store));
  return openStore(loadOrExit(configPath(options.config), allPacks));
}

// Small helpers shared by the CLI commands: config location and uniform failure output.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfigFile, type LoadedConfig, type LoadOptions } from '../config/load.ts';
import type { ToolPack } from '../pipeline/toolpack.ts';
import { parseSecretRef, resolveSecretRef } from '../config/secrets.ts';
import { parseStoreUrl } from '../store/postgres-url.ts';
import type { Store } from '../store/store.ts';

export class UsageError extends Error {}

/** A change tried without a server: people change things only through one, as themselves. */
export function onlyThroughServer(what: string): UsageError {
  return new UsageError(
    `${what} go only through a running gatehouse server, as yourself: add --server URL (sign in first with gatehouse login --server URL, or pass --api-key-file FILE with your API key); a store or config is only read, never written, from the CLI`,
  );
}

/** For commands that reach no backend: the connections' secrets are checked in form, never read. */
export const NO_BACKEND = { connectionSecrets: false } as const;

/** --config, else $GATEHOUSE_CONFIG, else ./gatehouse.yaml. */
export function configPath(flag: string | undefined): string {
  const file = flag ?? process.env.GATEHOUSE_CONFIG ?? 'gatehouse.yaml';
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`config file not found: ${path} (pass --config FILE or set GATEHOUSE_CONFIG)`);
  return path;
}

export function loadOrExit(file: string, packs: readonly ToolPack[], exitCode = 1, options: LoadOptions = {}): LoadedConfig {
  const loaded = loadConfigFile(file, packs, process.env, options);
  if (!loaded.ok) {
    console.error(`${file}: ${loaded.problems.length} problem${loaded.problems.length > 1 ? 's' : ''}`);
    for (const p of loaded.problems) console.error(`  ${p}`);
    process.exit(exitCode);
  }
  return loaded.config;
}

/**
 * --store names the store to read directly, with the reader's own credential: a SQLite file, or a
 * secret reference (env:NAME, file:PATH) to a PostgreSQL URL, so the URL never shows in a process list.
 */
// The stores and the packs load only here: every command imports this file, and most of them (the
// ones that go through a server) never open a store, so they start without the drivers.
export async function openReadStore(store: string): Promise<Store> {
  if (!/^(env|file):/.test(store)) return (await import('../store/sqlite.ts')).openSqliteStore(resolve(store));
  const ref = parseSecretRef(store, process.cwd());
  const url = ref.ok ? resolveSecretRef(ref.ref) : ref;
  if (!url.ok) throw new UsageError(`--store: ${url.message}`);
  const checked = parseStoreUrl(url.value);
  if (!checked.ok) throw new UsageError(`--store: ${checked.message}`);
  return (await import('../store/postgres.ts')).openPostgresStore({ url: url.value, poolSize: 2, queryTimeoutMs: 30_000 });
}

/** --store, else the store the config names (SQLite or PostgreSQL). */
export async function openConfiguredStore(options: { config?: string; store?: string }): Promise<Store> {
  if (options.store) return openReadStore(options.store);
  const [{ packs }, { openStore }] = await Promise.all([import('../../tools/index.ts'), import('../store/open.ts')]);
  return openStore(loadOrExit(configPath(options.config), packs, 1, NO_BACKEND));
}

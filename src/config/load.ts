// Loads the config: YAML -> schema -> each connection through its pack's schema -> secret references
// resolved. Every problem is collected with its path, so `config check` can print them all at once.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MaskingConfigSchema, type MaskingConfig } from '../masking/index.ts';
import type { StoreLocation } from '../store/open.ts';
import { parseStoreUrl } from '../store/postgres-url.ts';
import type { Secrets, Target, ToolPack } from '../pipeline/toolpack.ts';
import { formatIssues } from './issues.ts';
import { packageFile } from './package-root.ts';
import { ConfigSchema, type ParsedConfig } from './schema.ts';
import { parseSecretRef, resolveSecretRef } from './secrets.ts';
import { weakSecretGuard } from './weak-secrets.ts';
import { loadCheckpointSettings, type CheckpointSettings } from './load-checkpoints.ts';

export interface LoadedConnection {
  target: Target;
  pack: ToolPack;
  config: unknown;
  secrets: Secrets;
}

export interface LoadedConfig {
  /** Directory relative paths in the config resolve against. */
  dir: string;
  parsed: ParsedConfig;
  connections: Map<string, LoadedConnection>;
  /** Every resolved secret value, for the outbound scrubber. Never logged. */
  secretValues: string[];
  /** The same values with the config path each came from, to name the one to rotate when a call carries it. */
  secretSources: SecretSource[];
  policyFiles: string[];
  masking: MaskingConfig;
  pseudonymKey?: string;
  /** approvals.sealKey resolved: the key approval documents are sealed with. */
  sealKey?: string;
  /** approvals.previousSealKeys resolved: keys a rotation replaced, which still open what they sealed. */
  previousSealKeys: string[];
  /** Resolved identity secrets (the OIDC HMAC key when HMAC tokens are allowed). */
  identitySecrets: { hmacSecret?: string };
  /** console.oidc.clientSecret resolved: sent to the provider's token endpoint, scrubbed like every other secret. */
  consoleClientSecret?: string;
  /** The store, its path resolved or its URL read from the secret reference. */
  store: StoreLocation;
  /** audit.checkpoints with the key parsed, file paths resolved and webhook URLs read. */
  checkpoints?: CheckpointSettings;
  /** Resolved webhook URLs for approval notifications, in config order. */
  webhooks: Array<{ url: string; format: 'json' | 'slack' }>;
}

export interface SecretSource {
  path: string;
  value: string;
}

/** A config whose shape is right but whose values are not still names its policy files, so `config check` can check them too. */
export type LoadResult = { ok: true; config: LoadedConfig } | { ok: false; problems: string[]; policyFiles?: string[] };

/** The shipped policies, used when the config names none. */
export const SHIPPED_POLICY_DIR = packageFile('policies');
export const SHIPPED_POLICIES = ['default.yaml', 'postgres.yaml', 'shell.yaml', 'kubernetes.yaml'].map((f) => resolve(SHIPPED_POLICY_DIR, f));

/**
 * `connectionSecrets: false` checks each connection's secret references but reads none: for commands
 * that never reach a backend (approvals, sessions, replay, audit, policy test and explain), so they
 * run where the backends' secrets are not, and their connections carry no secrets.
 */
export interface LoadOptions {
  connectionSecrets?: boolean;
}

export function loadConfigFile(file: string, packs: readonly ToolPack[], env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): LoadResult {
  const read = readConfigYaml(file);
  return read.ok ? buildConfig(read.raw, dirname(resolve(file)), packs, env, options) : read;
}

/** The config file's YAML, not yet checked. */
export function readConfigYaml(file: string): { ok: true; raw: unknown } | { ok: false; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`] };
  }
  try {
    return { ok: true, raw: parseYaml(text) ?? {} };
  } catch (error) {
    return { ok: false, problems: [yamlProblem(file, text, error as Error & { linePos?: Array<{ line: number; col: number }> })] };
  }
}

/** `file:LINE:COL: invalid YAML: what`, then the line before and the line itself, a caret under the column. */
function yamlProblem(file: string, text: string, error: Error & { linePos?: Array<{ line: number; col: number }> }): string {
  // The parser's message repeats the place and its own excerpt after the first line: both are redone here.
  const what = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  const at = error.linePos?.[0];
  if (!at) return `${file}: invalid YAML: ${what}`;
  const lines = text.split(/\r?\n/);
  const width = String(at.line).length;
  const quote = (n: number) => `${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`;
  // Tabs stay tabs under the caret, so it lines up with the column however the terminal draws them.
  const caret = `${' '.repeat(width)} | ${(lines[at.line - 1] ?? '').slice(0, at.col - 1).replace(/[^\t]/g, ' ')}^`;
  const excerpt = [...(at.line > 1 ? [quote(at.line - 1)] : []), quote(at.line), caret].map((l) => `    ${l}`);
  return [`${file}:${at.line}:${at.col}: invalid YAML: ${what}`, ...excerpt].join('\n');
}

/** Resolves secret references, collecting each value (for the scrubber) and each problem with its path. */
export type SecretResolver = (text: string, path: string) => string | undefined;

export function secretResolver(dir: string, env: NodeJS.ProcessEnv, problems: string[], secretValues: string[]): SecretResolver {
  return (text, path) => {
    const ref = parseSecretRef(text, dir);
    if (!ref.ok) return void problems.push(`${path}: ${ref.message}`);
    const value = resolveSecretRef(ref.ref, env);
    if (!value.ok) return void problems.push(`${path}: ${value.message}`);
    secretValues.push(value.value);
    return value.value;
  };
}

/** Checks a reference's form and reads nothing: what a connection's secrets get when the command reaches no backend. */
function referenceChecker(dir: string, problems: string[]): SecretResolver {
  return (text, path) => {
    const ref = parseSecretRef(text, dir);
    if (!ref.ok) problems.push(`${path}: ${ref.message}`);
    return undefined;
  };
}

/** One connection through its pack's schema, with its secret references resolved. */
export function loadConnection(name: string, conn: ParsedConfig['connections'][string], packs: readonly ToolPack[], resolveRef: SecretResolver, problems: string[]): LoadedConnection | undefined {
  const path = `connections.${name}`;
  const pack = packs.find((p) => p.type === conn.type);
  if (!pack) return void problems.push(`${path}.type: unknown connection type "${conn.type}" (known: ${packs.map((p) => p.type).join(', ')})`);
  const { type: _type, labels, description: _description, ...rest } = conn;
  const checked = pack.connectionSchema.safeParse(rest);
  if (!checked.success) problems.push(...formatIssues(checked.error.issues, [path]));
  // The secret references are resolved even when the rest is wrong, so one check shows every problem.
  const secrets: Secrets = {};
  for (const key of pack.secretKeys) {
    const value = (rest as Record<string, unknown>)[key];
    if (typeof value !== 'string') continue;
    const resolved = resolveRef(value, `${path}.${key}`);
    if (resolved !== undefined) secrets[key] = resolved;
  }
  if (!checked.success) return undefined;
  const target = { name, type: conn.type, labels, ...(conn.description ? { description: conn.description } : {}) };
  return { target, pack, config: checked.data, secrets };
}

/**
 * When another part of the file is wrong, the connections are still checked through their packs and
 * their secret references resolved (the values are dropped), so one `config check` shows everything.
 */
function connectionProblems(raw: unknown, dir: string, packs: readonly ToolPack[], env: NodeJS.ProcessEnv): string[] {
  const connections = ConfigSchema.shape.connections.safeParse((raw as { connections?: unknown } | null)?.connections);
  // A problem in the connections' own shape is already among the schema's issues.
  if (!connections.success) return [];
  const problems: string[] = [];
  const resolveRef = secretResolver(dir, env, problems, []);
  for (const [name, conn] of Object.entries(connections.data)) loadConnection(name, conn, packs, resolveRef, problems);
  return problems;
}

export function buildConfig(raw: unknown, dir: string, packs: readonly ToolPack[], env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): LoadResult {
  const problems: string[] = [];
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: [...formatIssues(parsed.error.issues, []), ...connectionProblems(raw, dir, packs, env)] };
  const cfg = parsed.data;
  const secretValues: string[] = [];
  const secretSources: SecretSource[] = [];
  const weak = weakSecretGuard(cfg.allowWeakSecrets, problems);
  const keep = (value: string | undefined, path: string) => {
    weak.check(value, path);
    if (value !== undefined) secretSources.push({ path, value });
  };
  const resolveOnly = secretResolver(dir, env, problems, secretValues);
  const resolveRef: SecretResolver = (text, path) => {
    const value = resolveOnly(text, path);
    keep(value, path);
    return value;
  };

  const connections = new Map<string, LoadedConnection>();
  const connectionRef = options.connectionSecrets === false ? referenceChecker(dir, problems) : resolveRef;
  for (const [name, conn] of Object.entries(cfg.connections)) {
    const loaded = loadConnection(name, conn, packs, connectionRef, problems);
    if (loaded) connections.set(name, loaded);
  }

  const masking = MaskingConfigSchema.safeParse(cfg.masking ?? {});
  if (!masking.success) problems.push(...formatIssues(masking.error.issues, ['masking']));
  const pseudonymKey = cfg.pseudonymKey === undefined ? undefined : resolveRef(cfg.pseudonymKey, 'pseudonymKey');
  const hmacRef = cfg.identity.oidc?.hmacSecret;
  const hmacSecret = hmacRef === undefined ? undefined : resolveRef(hmacRef, 'identity.oidc.hmacSecret');
  const clientSecretRef = cfg.console.oidc?.clientSecret;
  const consoleClientSecret = clientSecretRef === undefined ? undefined : resolveRef(clientSecretRef, 'console.oidc.clientSecret');
  const webhooks = cfg.approvals.notify.flatMap((n, i) => {
    const url = resolveRef(n.webhook, `approvals.notify.${i}.webhook`);
    if (url === undefined) return [];
    if (!/^https?:\/\//.test(url)) {
      problems.push(`approvals.notify.${i}.webhook: the referenced value is not an http(s) URL`);
      return [];
    }
    return [{ url, format: n.format }];
  });

  const checkpoints = cfg.audit.checkpoints && loadCheckpointSettings(cfg.audit.checkpoints, dir, resolveRef, problems);
  const store = resolveStore(cfg.store, { dir, resolveRef, problems, secretValues, keep });
  const sealKey = cfg.approvals.sealKey === undefined ? undefined : resolveRef(cfg.approvals.sealKey, 'approvals.sealKey');
  if (cfg.approvals.sealKey === undefined && 'postgres' in cfg.store) problems.push(SEAL_KEY_REQUIRED);
  const previousSealKeys = cfg.approvals.previousSealKeys.flatMap((ref, i) => resolveRef(ref, `approvals.previousSealKeys.${i}`) ?? []);
  if (cfg.approvals.sealKey === undefined && previousSealKeys.length > 0) problems.push(PREVIOUS_KEYS_ALONE);
  weak.finish();

  const policyFiles = cfg.policies ? cfg.policies.map((p) => resolve(dir, p)) : SHIPPED_POLICIES;
  if (problems.length > 0 || !masking.success || !store) return { ok: false, problems, policyFiles };
  return {
    ok: true,
    config: { dir, parsed: cfg, connections, secretValues, secretSources, policyFiles, masking: masking.data, store, webhooks, previousSealKeys, ...(checkpoints ? { checkpoints } : {}), identitySecrets: hmacSecret ? { hmacSecret } : {}, ...(pseudonymKey ? { pseudonymKey } : {}), ...(sealKey ? { sealKey } : {}), ...(consoleClientSecret ? { consoleClientSecret } : {}) },
  };
}

const SEAL_KEY_REQUIRED =
  'approvals.sealKey: required with store.postgres: replicas share the store and must share the key that seals approvals and grants; ' +
  'set it to a secret reference (env:NAME or file:PATH) to a long random value (e.g. openssl rand -hex 32), the same on every replica and kept off the store host';

const PREVIOUS_KEYS_ALONE = 'approvals.previousSealKeys: needs approvals.sealKey, the key that replaced them: without it gatehouse would seal with a key of its own and never use these';

interface ResolveContext {
  dir: string;
  resolveRef: SecretResolver;
  problems: string[];
  secretValues: string[];
  /** Records a secret the URL holds besides itself, with its path, for the weak-secret rule. */
  keep: (value: string, path: string) => void;
}

/** The PostgreSQL URL is a secret reference; its value is checked here but never quoted back. */
function resolveStore(store: ParsedConfig['store'], ctx: ResolveContext): StoreLocation | undefined {
  if ('sqlite' in store) return { kind: 'sqlite', file: resolve(ctx.dir, store.sqlite) };
  if (/^postgres(ql)?:/i.test(store.postgres.url)) return void ctx.problems.push('store.postgres.url: must be a secret reference (env:NAME or file:PATH) to the URL, not the URL itself');
  const url = ctx.resolveRef(store.postgres.url, 'store.postgres.url');
  if (url === undefined) return undefined;
  const checked = parseStoreUrl(url);
  if (!checked.ok) return void ctx.problems.push(`store.postgres.url: ${checked.message}`);
  // The password alone is scrubbed too, in case some text quotes it without the rest of the URL.
  if (checked.password) {
    ctx.secretValues.push(checked.password);
    ctx.keep(checked.password, 'store.postgres.url');
  }
  return { kind: 'postgres', url, poolSize: store.postgres.poolSize, queryTimeoutMs: store.postgres.queryTimeout, where: checked.where };
}

// Loads what an operator command against one connection needs (`gatehouse masking scan --connection
// shop`): the config's shape and masking profiles, and that one connection through its pack's schema
// with its secret references resolved. No other secret is read, so the command runs where only that
// backend's credentials are available.
import { dirname, resolve } from 'node:path';
import { MaskingConfigSchema, type MaskingConfig } from '../masking/index.ts';
import type { ToolPack } from '../pipeline/toolpack.ts';
import { formatIssues } from './issues.ts';
import { loadConnection, readConfigYaml, secretResolver, type LoadedConnection } from './load.ts';
import { ConfigSchema, type ParsedConfig } from './schema.ts';

export interface OneConnectionConfig {
  parsed: ParsedConfig;
  connection: LoadedConnection;
  masking: MaskingConfig;
  /** The connection's resolved secrets, for scrubbing what the command prints. Never printed. */
  secretValues: string[];
}

export type OneConnectionResult = { ok: true; config: OneConnectionConfig } | { ok: false; problems: string[] };

/** `accept` sees the connection's pack before any secret is read, and throws to refuse it (a command for other backends). */
export function loadConnectionConfig(file: string, packs: readonly ToolPack[], name: string, accept: (pack: ToolPack | undefined) => void, env: NodeJS.ProcessEnv = process.env): OneConnectionResult {
  const read = readConfigYaml(file);
  if (!read.ok) return read;
  const parsed = ConfigSchema.safeParse(read.raw);
  if (!parsed.success) return { ok: false, problems: formatIssues(parsed.error.issues, []) };
  const conn = parsed.data.connections[name];
  if (conn === undefined) {
    const known = Object.keys(parsed.data.connections);
    return { ok: false, problems: [`connection "${name}" is not in the config (${known.length > 0 ? `known: ${known.join(', ')}` : 'it has no connections'})`] };
  }
  accept(packs.find((p) => p.type === conn.type));
  const problems: string[] = [];
  const secretValues: string[] = [];
  const connection = loadConnection(name, conn, packs, secretResolver(dirname(resolve(file)), env, problems, secretValues), problems);
  const masking = MaskingConfigSchema.safeParse(parsed.data.masking ?? {});
  if (!masking.success) problems.push(...formatIssues(masking.error.issues, ['masking']));
  if (!connection || !masking.success || problems.length > 0) return { ok: false, problems };
  return { ok: true, config: { parsed: parsed.data, connection, masking: masking.data, secretValues } };
}

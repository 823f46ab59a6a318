// What the commands that work on one connection share (`masking scan`, the packs' own commands): the
// config loaded with that connection's secrets only, the masking profile they compare with, and the
// connection opened and closed around the work, whose failures are printed without any secret.
import { packs } from '../../tools/index.ts';
import { loadConnectionConfig, type OneConnectionConfig } from '../config/load-connection.ts';
import { compileColumnRules, DEFAULT_PROFILE_NAME, type Profile } from '../masking/index.ts';
import { createScrubber } from '../pipeline/scrub.ts';
import { ToolError, type Connection, type ToolPack } from '../pipeline/toolpack.ts';
import { configPath, UsageError } from './args.ts';

export interface ConnectionCommandOptions {
  config?: string;
  connection?: string;
  profile?: string;
}

export interface OneConnection {
  config: OneConnectionConfig;
  profileName: string;
  profile: Profile;
}

/** `accept` refuses, before any secret is read, a connection whose pack cannot run the command (a UsageError). */
export function loadOneConnection(options: ConnectionCommandOptions, accept: (pack: ToolPack | undefined) => void): OneConnection {
  if (!options.connection) throw new UsageError('--connection NAME is required');
  const file = configPath(options.config);
  const loaded = loadConnectionConfig(file, packs, options.connection, accept);
  if (!loaded.ok) {
    console.error(`${file}: ${loaded.problems.length} problem${loaded.problems.length > 1 ? 's' : ''}`);
    for (const p of loaded.problems) console.error(`  ${p}`);
    process.exit(1);
  }
  const profileName = options.profile ?? DEFAULT_PROFILE_NAME;
  const profile = loaded.config.masking.profiles[profileName];
  if (profile === undefined) throw new UsageError(`--profile: no masking profile "${profileName}" (known: ${Object.keys(loaded.config.masking.profiles).join(', ')})`);
  return { config: loaded.config, profileName, profile };
}

/** The profile's column rule for a source column (`public.customers`, `email`), matched as for a result column read straight from it. */
export function columnRuleOf(profile: Profile): (table: string, column: string) => Profile['columns'][number] | undefined {
  const rules = compileColumnRules(profile.columns);
  // Rules match on the source and the result name, never on the type.
  return (table, column) => rules({ name: column, type: '', table, column });
}

/** Opens the connection for `work` and closes it after; a failure names the connection and quotes no secret. */
export async function onConnection<T>(one: OneConnection, work: (connection: Connection) => Promise<T>): Promise<T> {
  const { target, pack, config, secrets } = one.config.connection;
  const connection = pack.open(target, config as Record<string, unknown>, secrets);
  const scrub = createScrubber(one.config.secretValues);
  try {
    return await work(connection);
  } catch (error) {
    const message = scrub((error as Error).message);
    if (error instanceof ToolError && error.code === 'invalid_arguments') throw new UsageError(message);
    throw new Error(`connection "${target.name}": ${message}`, { cause: error });
  } finally {
    await connection.close();
  }
}

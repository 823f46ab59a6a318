// Where a person's CLI finds the server and their credential, without the server's config: --server,
// else (unless --config names a local config) $GATEHOUSE_SERVER, else the client config file ($GATEHOUSE_CLIENT_CONFIG, else client.yaml in
// the user's gatehouse config dir), which holds only `server` and `apiKeyFile`, never a secret.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatIssues } from '../../config/issues.ts';
import { isLoopbackHostname } from '../../identity/config.ts';
import { UsageError } from '../args.ts';

const ClientConfigSchema = z
  .object({
    server: z.url().optional().describe('The gatehouse server, e.g. https://gatehouse.example.com'),
    apiKeyFile: z.string().min(1).optional().describe('A file holding your API key (gatehouse keys new); else you sign in with OIDC'),
  })
  .strict();

export interface RemoteOptions {
  server?: string;
  'api-key-file'?: string;
  /** An explicit --config means the local config, whatever $GATEHOUSE_SERVER or the client config say. */
  config?: string;
}

/** The user's gatehouse config dir: $XDG_CONFIG_HOME/gatehouse, else %APPDATA%\gatehouse on Windows, else ~/.config/gatehouse. */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || (process.platform === 'win32' && env.APPDATA) || join(homedir(), '.config');
  return join(base, 'gatehouse');
}

function readClientConfig(env: NodeJS.ProcessEnv): { file: string; server?: string; apiKeyFile?: string } | undefined {
  const file = env.GATEHOUSE_CLIENT_CONFIG ? resolve(env.GATEHOUSE_CLIENT_CONFIG) : join(userConfigDir(env), 'client.yaml');
  if (!existsSync(file)) {
    if (env.GATEHOUSE_CLIENT_CONFIG) throw new UsageError(`client config not found: ${file}`);
    return undefined;
  }
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8')) ?? {};
  } catch (error) {
    throw new UsageError(`${file}: invalid YAML: ${((error as Error).message.split('\n')[0] ?? '').slice(0, 200)}`);
  }
  const parsed = ClientConfigSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`${file}: ${formatIssues(parsed.error.issues, []).join('; ')}`);
  return { file, ...(parsed.data.server ? { server: parsed.data.server } : {}), ...(parsed.data.apiKeyFile ? { apiKeyFile: resolve(dirname(file), parsed.data.apiKeyFile.replace(/^~(?=\/|$)/, homedir())) } : {}) };
}

export interface RemoteTarget {
  /** The server's base URL, without a trailing slash. */
  server: string;
  apiKeyFile?: string;
}

/** The server to talk to, or undefined when none is named anywhere (the command then works locally). */
export function remoteTarget(options: RemoteOptions, env: NodeJS.ProcessEnv = process.env): RemoteTarget | undefined {
  if (options.config !== undefined && options.server === undefined) return undefined;
  const file = readClientConfig(env);
  const server = options.server || env.GATEHOUSE_SERVER || file?.server;
  if (!server) return undefined;
  if (!URL.canParse(server)) throw new UsageError(`--server takes the server's URL, e.g. https://gatehouse.example.com (got something else)`);
  const url = new URL(server);
  // A bearer token or an API key must not cross the network in clear text.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHostname(url.hostname))) throw new UsageError('--server must be an https URL (http only for a loopback address)');
  if (url.username || url.password || url.search || url.hash) throw new UsageError('--server takes a plain URL: no user, password, query or #fragment');
  const base = url.href.replace(/\/+$/, '');
  // The file's key goes only to the file's server: naming another server must not hand it the key.
  const fileKey = file?.apiKeyFile && (!file.server || new URL(file.server).href.replace(/\/+$/, '') === base) ? file.apiKeyFile : undefined;
  const apiKeyFile = options['api-key-file'] ?? fileKey;
  return { server: base, ...(apiKeyFile ? { apiKeyFile: resolve(apiKeyFile) } : {}) };
}

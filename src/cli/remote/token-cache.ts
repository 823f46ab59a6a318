// The person's signed-in tokens, one per server, in tokens.json in the user's gatehouse config dir:
// the directory 0700, the file 0600, written whole to a temporary file and renamed, so a crash never
// leaves half a file. A file others can read is refused rather than used: the token is the person.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../args.ts';
import { userConfigDir } from './client-config.ts';

export interface CachedToken {
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  refreshToken?: string;
}

type Tokens = Record<string, CachedToken>;

export function tokenFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(userConfigDir(env), 'tokens.json');
}

function readAll(file: string): Tokens {
  if (!existsSync(file)) return {};
  const mode = statSync(file).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new UsageError(`${file} can be read by others (mode ${mode.toString(8)}): remove it and sign in again (gatehouse login)`);
  }
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Tokens) : {};
  } catch {
    return {};
  }
}

export function cachedToken(server: string, env: NodeJS.ProcessEnv = process.env): CachedToken | undefined {
  const entry = readAll(tokenFile(env))[server];
  return entry && typeof entry.accessToken === 'string' && typeof entry.expiresAt === 'number' ? entry : undefined;
}

/** Stores (or with undefined, forgets) the server's token. */
export function storeToken(server: string, token: CachedToken | undefined, env: NodeJS.ProcessEnv = process.env): void {
  const file = tokenFile(env);
  mkdirSync(userConfigDir(env), { recursive: true, mode: 0o700 });
  const all = readAll(file);
  if (token) all[server] = token;
  else delete all[server];
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600); // the mode of an existing temporary file is not changed by writeFileSync
  renameSync(temporary, file);
}

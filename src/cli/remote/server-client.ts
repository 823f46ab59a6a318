// The CLI's side of the people API: one credential per run (an API key from --api-key-file,
// $GATEHOUSE_API_KEY or the client config; else the person's cached OIDC token, refreshed or signed
// in afresh), sent as a bearer token; answers are JSON, refusals become an ApiError with the server's
// code and message, as sent (cut to a bound): whoever prints them renders them, once.
import { readFileSync } from 'node:fs';
import { API_KEY_PREFIX } from '../../identity/api-keys.ts';
import { limit, moreNote } from '../../render/characters.ts';
import type { SignInInfo } from '../../server/people-sign-in.ts';
import { UsageError } from '../args.ts';
import type { RemoteTarget } from './client-config.ts';
import { refresh, signIn } from './oidc-login.ts';
import { cachedToken, storeToken, type CachedToken } from './token-cache.ts';

const TIMEOUT_MS = 60_000;
/** A token this close to its expiry is renewed first, so it does not expire in flight. */
const EXPIRY_MARGIN_MS = 30_000;

/** A refusal. Its code and message are the server's text, raw: printed only through the renderer. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ServerClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

async function call<T>(server: string, path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${server}/api/v1${path}`, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new Error(`cannot reach ${server} (${(error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : ((error as { cause?: { code?: string } }).cause?.code ?? 'request failed')})`);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${server} answered HTTP ${response.status} with no JSON: is it a gatehouse server?`);
  }
  if (response.ok) return json as T;
  const error = (json as { error?: { code?: unknown; message?: unknown } }).error;
  throw new ApiError(typeof error?.code === 'string' ? cut(error.code, 64) : `http_${response.status}`, typeof error?.message === 'string' ? cut(error.message, 500) : `HTTP ${response.status}`);
}

/** The server's words cut to `max`, saying so: a long message cannot push the rest out of view. */
function cut(text: string, max: number): string {
  const { text: head, more } = limit(text, max);
  return more ? `${head} ${moreNote(more)}` : head;
}

function readApiKey(file: string): string {
  let key: string;
  try {
    key = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new UsageError(`API key file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!key.startsWith(API_KEY_PREFIX)) throw new UsageError(`API key file ${file} does not hold a gatehouse API key (${API_KEY_PREFIX}...)`);
  return key;
}

/** The person's OIDC access token for the server: cached, refreshed, or from a new sign-in. */
export async function personToken(server: string, say: (line: string) => void, options: { fresh?: boolean } = {}): Promise<CachedToken> {
  const cached = options.fresh ? undefined : cachedToken(server);
  if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return cached;
  const info = await call<SignInInfo>(server, '/sign-in', { headers: { accept: 'application/json' } });
  const renewed = cached?.refreshToken ? await refresh(info, cached.refreshToken).catch(() => undefined) : undefined;
  const token = renewed ?? (await signIn(info, say));
  storeToken(server, token);
  return token;
}

export async function connectServer(target: RemoteTarget): Promise<ServerClient> {
  const say = (line: string) => console.error(line);
  const envKey = process.env.GATEHOUSE_API_KEY?.trim();
  const credential = target.apiKeyFile ? readApiKey(target.apiKeyFile) : envKey ? envKey : (await personToken(target.server, say)).accessToken;
  const headers = { accept: 'application/json', authorization: `Bearer ${credential}` };
  return {
    get: (path) => call(target.server, path, { headers }),
    post: (path, body) => call(target.server, path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  };
}

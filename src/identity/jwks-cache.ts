// The identity provider's signing keys, cached: fetched on first use (after OIDC discovery when no
// jwksUrl is configured), refreshed when they age, and refreshed early when a token names a key we
// do not know, which is how a rotation shows up. Every fetch is at least minRefreshMs after the last
// attempt, so a flood of tokens with made-up kids costs the provider at most one request per window.
import { createLocalJWKSet, errors, type FlattenedJWSInput, type JSONWebKeySet, type JWSHeaderParameters } from 'jose';
import { isLoopbackHostname } from './config.ts';
import { fetchJson } from './fetch-json.ts';
import type { IdentityLogger } from './types.ts';

/** The provider's keys cannot be had (never fetched, or too stale to trust). Maps to 503. */
export class KeysUnavailableError extends Error {
  override name = 'KeysUnavailableError';
}

export interface JwksCacheOptions {
  issuer: string;
  jwksUrl?: string | undefined;
  fetch: typeof fetch;
  now: () => number;
  logger: IdentityLogger;
  /** Least time between two fetches. */
  minRefreshMs?: number;
  /** Keys older than this are refreshed before use, so a key the provider removed stops being trusted. */
  maxAgeMs?: number;
  /** While refreshing fails, keys stay in use this long past maxAgeMs, then every token is refused. */
  maxStaleMs?: number;
}

export interface JwksCache {
  /** A jose key resolver: the public key for this token's header, or a jose error (JWKSNoMatchingKey...). */
  getKey(header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey>;
}

type KeySet = ReturnType<typeof createLocalJWKSet>;

export function createJwksCache(options: JwksCacheOptions): JwksCache {
  const { issuer, fetch: fetchImpl, now, logger } = options;
  const minRefreshMs = options.minRefreshMs ?? 30_000;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const maxStaleMs = options.maxStaleMs ?? 60 * 60_000;
  let jwksUrl = options.jwksUrl;
  let keys: KeySet | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  let inflight: Promise<void> | undefined;

  const mayFetch = (): boolean => now() - attemptedAt >= minRefreshMs;

  async function discover(): Promise<string> {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const doc = (await fetchJson(fetchImpl, url)) as { issuer?: unknown; jwks_uri?: unknown } | null;
    // OIDC Discovery 4.3: the document must name the issuer we asked about, or it is someone else's.
    if (doc?.issuer !== issuer) throw new Error(`${url} names issuer ${JSON.stringify(doc?.issuer)?.slice(0, 200)}, not the configured ${issuer}`);
    const uri = doc.jwks_uri;
    if (typeof uri !== 'string' || !URL.canParse(uri)) throw new Error(`${url} has no valid jwks_uri`);
    const parsed = new URL(uri);
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname))) {
      throw new Error(`${url}: jwks_uri must be https`);
    }
    jwksUrl = uri; // kept for the life of the process; only the key set changes on rotation
    return uri;
  }

  async function load(): Promise<void> {
    attemptedAt = now();
    try {
      const url = jwksUrl ?? (await discover());
      const set = createLocalJWKSet((await fetchJson(fetchImpl, url)) as JSONWebKeySet);
      keys = set;
      fetchedAt = now();
      logger.debug({ issuer }, 'identity provider keys loaded');
    } catch (error) {
      // Old keys stay in use (up to maxStaleMs) so a provider outage does not lock every agent out.
      logger.warn({ issuer, err: { message: (error as Error).message } }, 'identity provider keys could not be fetched');
    }
  }

  /** One fetch at a time; callers arriving meanwhile share it. */
  function refresh(): Promise<void> {
    inflight ??= load().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  async function usableKeys(): Promise<KeySet> {
    if (now() - fetchedAt >= maxAgeMs && mayFetch()) await refresh();
    else if (!keys && inflight) await inflight;
    if (!keys) throw new KeysUnavailableError('identity provider keys not available');
    if (now() - fetchedAt > maxAgeMs + maxStaleMs) throw new KeysUnavailableError('identity provider keys too old to trust');
    return keys;
  }

  return {
    async getKey(header, token) {
      const set = await usableKeys();
      try {
        return await set(header, token);
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
        // An unknown kid: maybe the provider rotated. Look once per window, else refuse now.
        if (inflight) await inflight;
        else if (mayFetch()) await refresh();
        else throw error;
        if (keys === set || !keys) throw error;
        return keys(header, token);
      }
    },
  };
}

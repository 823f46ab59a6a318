// Who is calling over HTTP: finds the one credential in the request (Authorization: Bearer, or
// X-API-Key), sends API keys to the key verifier and everything else to the OIDC token verifier,
// and turns every refusal into a ready HTTP answer. Compiled once at start; fails closed.
import type { AuthInfo } from '@modelcontextprotocol/server';
import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/server';
import { createApiKeyVerifier, looksLikeApiKey } from './api-keys.ts';
import { badRequest, invalidToken, insufficientScope, missingCredentials, unavailable, type ChallengeContext } from './challenge.ts';
import type { HttpIdentityConfig } from './config.ts';
import { createJwtVerifier, tokenFingerprint } from './jwt-verifier.ts';
import type { Principal } from './principal.ts';
import type { AuthRefusal, AuthRequest, AuthResult, Authenticator, IdentityLogger } from './types.ts';

export interface AuthenticatorOptions {
  logger: IdentityLogger;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; tests move it to expire tokens and open refresh windows. */
  now?: () => number;
  /** The resolved value of identity.oidc.hmacSecret, when allowHmac is true. */
  hmacSecret?: string | undefined;
}

/** Query parameters that would put a credential into URLs, proxy logs and browser history. */
const CREDENTIAL_PARAMS = ['access_token', 'api_key', 'apikey'];
const BEARER = /^Bearer +([^\s,]+) *$/i;

type Credential = { kind: 'bearer'; value: string } | { kind: 'api-key'; value: string } | { kind: 'none' } | { kind: 'refused'; refusal: AuthRefusal };

export function createAuthenticator(config: HttpIdentityConfig, options: AuthenticatorOptions): Authenticator {
  const { logger } = options;
  if (!config.oidc && config.apiKeys.length === 0) {
    throw new Error('identity: HTTP callers need identity.oidc or identity.apiKeys (or serve on loopback only)');
  }
  const ctx: ChallengeContext = {
    resourceMetadataUrl: config.oidc ? getOAuthProtectedResourceMetadataUrl(new URL(config.oidc.audience)) : undefined,
  };
  const keys = createApiKeyVerifier(config.apiKeys);
  const tokens = config.oidc
    ? createJwtVerifier(config.oidc, {
        fetch: options.fetch ?? globalThis.fetch,
        now: options.now ?? Date.now,
        logger,
        hmacSecret: options.hmacSecret,
        resourceMetadataUrl: ctx.resourceMetadataUrl,
      })
    : undefined;
  const requiredScopes = config.oidc?.requiredScopes ?? [];

  function findCredential(request: AuthRequest): Credential {
    if (!URL.canParse(request.url, 'http://request.invalid')) return { kind: 'refused', refusal: badRequest(ctx, 'malformed url', 'the request URL cannot be parsed') };
    const query = new URL(request.url, 'http://request.invalid').searchParams;
    if (CREDENTIAL_PARAMS.some((name) => query.has(name))) {
      return { kind: 'refused', refusal: badRequest(ctx, 'token in query', 'credentials in the URL are refused; send them in the Authorization header') };
    }
    const authorization = request.headers['authorization'];
    const apiKey = request.headers['x-api-key'];
    if (Array.isArray(authorization) || Array.isArray(apiKey) || (authorization !== undefined && apiKey !== undefined)) {
      return { kind: 'refused', refusal: badRequest(ctx, 'several credentials', 'send exactly one credential') };
    }
    if (apiKey !== undefined) return { kind: 'api-key', value: apiKey.trim() };
    if (authorization === undefined || authorization.trim() === '') return { kind: 'none' };
    const bearer = BEARER.exec(authorization);
    if (!bearer) return { kind: 'refused', refusal: invalidToken(ctx, 'malformed authorization header') };
    const value = bearer[1] as string;
    return looksLikeApiKey(value) ? { kind: 'api-key', value } : { kind: 'bearer', value };
  }

  function refused(refusal: AuthRefusal, fingerprint?: string): AuthRefusal {
    // A request without credentials is how every MCP OAuth flow begins: not worth an info line.
    const level = refusal.reason === 'no credentials' ? 'debug' : 'info';
    logger[level]({ reason: refusal.reason, status: refusal.status, ...(fingerprint ? { credential: fingerprint } : {}) }, 'authentication refused');
    return refusal;
  }

  function accepted(principal: Principal, authInfo: AuthInfo, via: 'api-key' | 'oidc'): AuthResult {
    logger.debug({ principal: principal.id, via }, 'authenticated');
    return { ok: true, principal, authInfo };
  }

  return {
    async authenticate(request) {
      const credential = findCredential(request);
      if (credential.kind === 'refused') return refused(credential.refusal);
      if (credential.kind === 'none') return refused(missingCredentials(ctx));
      const fingerprint = tokenFingerprint(credential.value);

      if (credential.kind === 'api-key') {
        const checked = keys.verify(credential.value);
        if (!checked.ok) return refused(invalidToken(ctx, checked.reason), fingerprint);
        const authInfo: AuthInfo = {
          token: '',
          clientId: `api-key:${checked.keyId}`,
          scopes: [],
          extra: { principal: checked.principal, tokenId: `api-key:${checked.keyId}` },
        };
        return accepted(checked.principal, authInfo, 'api-key');
      }

      if (!tokens) return refused(invalidToken(ctx, 'bearer tokens need identity.oidc'), fingerprint);
      const checked = await tokens.verify(credential.value);
      if (!checked.ok) {
        return refused(checked.unavailable ? unavailable(checked.reason) : invalidToken(ctx, checked.reason), fingerprint);
      }
      const missing = requiredScopes.filter((scope) => !checked.scopes.includes(scope));
      if (missing.length > 0) return refused(insufficientScope(ctx, requiredScopes), fingerprint);
      return accepted(checked.principal, checked.authInfo, 'oidc');
    },
  };
}

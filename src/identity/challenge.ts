// Refusals as HTTP answers: status, the `WWW-Authenticate: Bearer` challenge (RFC 6750 section 3,
// with RFC 9728's resource_metadata so MCP clients can find the authorization server) and the
// OAuth error body. Descriptions come from a fixed vocabulary; a credential is never echoed.
import { OAuthError, OAuthErrorCode } from '@modelcontextprotocol/server';
import type { AuthRefusal } from './types.ts';

export interface ChallengeContext {
  /** RFC 9728 metadata URL; absent when no identity provider is configured (API keys only). */
  resourceMetadataUrl?: string | undefined;
}

/** Quoted-string per RFC 9110: backslash-escape quotes and backslashes. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

function challenge(params: Array<[string, string | undefined]>): string {
  const parts = params.filter((p): p is [string, string] => p[1] !== undefined).map(([key, value]) => `${key}=${quoted(value)}`);
  return parts.length === 0 ? 'Bearer' : `Bearer ${parts.join(', ')}`;
}

function body(code: string, description?: string): AuthRefusal['body'] {
  return new OAuthError(code, description ?? '').toResponseObject() as AuthRefusal['body'];
}

/** No credentials at all: RFC 6750 3.1 says the challenge carries no error code then. */
export function missingCredentials(ctx: ChallengeContext): AuthRefusal {
  return {
    ok: false,
    status: 401,
    headers: { 'WWW-Authenticate': challenge([['resource_metadata', ctx.resourceMetadataUrl]]) },
    body: body(OAuthErrorCode.InvalidToken, 'authentication required'),
    reason: 'no credentials',
  };
}

/** A credential was presented and is not good: 401 invalid_token with the reason as description. */
export function invalidToken(ctx: ChallengeContext, reason: string): AuthRefusal {
  return {
    ok: false,
    status: 401,
    headers: {
      'WWW-Authenticate': challenge([
        ['error', OAuthErrorCode.InvalidToken],
        ['error_description', reason],
        ['resource_metadata', ctx.resourceMetadataUrl],
      ]),
    },
    body: body(OAuthErrorCode.InvalidToken, reason),
    reason,
  };
}

/** The token is good but lacks scopes: 403, naming every scope needed so the client can step up. */
export function insufficientScope(ctx: ChallengeContext, requiredScopes: readonly string[]): AuthRefusal {
  return {
    ok: false,
    status: 403,
    headers: {
      'WWW-Authenticate': challenge([
        ['error', OAuthErrorCode.InsufficientScope],
        ['scope', requiredScopes.join(' ')],
        ['resource_metadata', ctx.resourceMetadataUrl],
      ]),
    },
    body: body(OAuthErrorCode.InsufficientScope, `requires scope ${requiredScopes.join(' ')}`),
    reason: 'missing scope',
  };
}

/** A request shape we refuse outright (token in the URL, two credentials): 400 invalid_request. */
export function badRequest(ctx: ChallengeContext, reason: string, description: string): AuthRefusal {
  return {
    ok: false,
    status: 400,
    headers: {
      'WWW-Authenticate': challenge([
        ['error', OAuthErrorCode.InvalidRequest],
        ['error_description', description],
        ['resource_metadata', ctx.resourceMetadataUrl],
      ]),
    },
    body: body(OAuthErrorCode.InvalidRequest, description),
    reason,
  };
}

/** The provider's keys cannot be had: the token may be fine, so do not tell the client it is invalid. */
export function unavailable(reason: string): AuthRefusal {
  return {
    ok: false,
    status: 503,
    headers: { 'Retry-After': '30' },
    body: body(OAuthErrorCode.TemporarilyUnavailable, 'identity provider unavailable, retry later'),
    reason,
  };
}

// OIDC access tokens: verified with jose against the provider's cached keys (or the HMAC secret,
// when explicitly allowed), checking issuer, audience (RFC 8707: this server's resource URL), exp and
// nbf with the configured skew, and the algorithm list; then read into a principal.
import { createHash } from 'node:crypto';
import type { AuthInfo } from '@modelcontextprotocol/server';
import { errors, jwtVerify, type FlattenedJWSInput, type JWSHeaderParameters, type JWTPayload } from 'jose';
import { clientIdOf, displayName, readGroups, readScopes, stringClaim } from './claims.ts';
import { isHmacAlgorithm, type OidcConfig } from './config.ts';
import { createJwksCache, KeysUnavailableError } from './jwks-cache.ts';
import type { Principal } from './principal.ts';
import type { IdentityLogger } from './types.ts';

/** Compact JWS, three base64url parts; longer tokens are refused before any work is done. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const MAX_TOKEN_LENGTH = 16 * 1024;
/** RFC 7518 3.2: an HMAC key at least as long as the hash output. */
const MIN_HMAC_SECRET_BYTES = 32;

export type TokenCheck =
  | { ok: true; principal: Principal; authInfo: AuthInfo; scopes: string[] }
  | { ok: false; reason: string; unavailable?: true };

export interface JwtVerifierOptions {
  fetch: typeof fetch;
  now: () => number;
  logger: IdentityLogger;
  /** The resolved value of oidc.hmacSecret; required when allowHmac is true. */
  hmacSecret?: string | undefined;
  /** Stamped onto AuthInfo so later challenges advertise the same document. */
  resourceMetadataUrl?: string | undefined;
}

export interface JwtVerifier {
  verify(token: string): Promise<TokenCheck>;
}

export function createJwtVerifier(config: OidcConfig, options: JwtVerifierOptions): JwtVerifier {
  const { now, logger } = options;
  const hmacKey = compileHmacKey(config, options.hmacSecret);
  const jwks = createJwksCache({ issuer: config.issuer, jwksUrl: config.jwksUrl, fetch: options.fetch, now, logger });
  const loggedGroupProblems = new Set<string>();

  // HMAC tokens get only the shared secret and asymmetric tokens only the provider's public keys,
  // so one kind of key is never tried as the other (the classic RS256/HS256 confusion).
  const keyFor = async (header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey | Uint8Array> => {
    if (typeof header.alg === 'string' && isHmacAlgorithm(header.alg)) {
      if (!hmacKey) throw new errors.JOSEAlgNotAllowed('HMAC tokens are not accepted');
      return hmacKey;
    }
    return jwks.getKey(header, token);
  };

  return {
    async verify(token) {
      if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) return { ok: false, reason: 'malformed' };
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keyFor, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: config.algorithms,
          clockTolerance: config.clockSkew,
          currentDate: new Date(now()),
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        if (error instanceof KeysUnavailableError) return { ok: false, reason: 'identity provider unavailable', unavailable: true };
        return { ok: false, reason: reasonOf(error) };
      }
      const id = stringClaim(payload, config.idClaim);
      if (id === undefined) return { ok: false, reason: `missing ${config.idClaim}` };
      const read = readGroups(payload, config.groupsClaim);
      if (read.problem && !loggedGroupProblems.has(read.problem)) {
        // Once per kind of problem: it describes the provider's setup, not one caller.
        loggedGroupProblems.add(read.problem);
        logger.debug({ claim: config.groupsClaim, problem: read.problem }, 'groups claim unusable; token users get no groups from it');
      }
      const principal: Principal = { id, name: displayName(payload, config.nameClaim, id), groups: read.groups, kind: config.kind };
      const scopes = readScopes(payload);
      const authInfo: AuthInfo = {
        // The raw token stays here: nothing downstream may forward it (MCP forbids token passthrough).
        token: '',
        clientId: clientIdOf(payload, id),
        scopes,
        expiresAt: payload.exp as number,
        resource: new URL(config.audience),
        ...(options.resourceMetadataUrl ? { resourceMetadataUrl: options.resourceMetadataUrl } : {}),
        extra: { principal, tokenId: tokenFingerprint(token) },
      };
      return { ok: true, principal, authInfo, scopes };
    },
  };
}

/** A short, non-reversible handle on a token for log correlation: first 12 hex of its SHA-256. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 12);
}

function compileHmacKey(config: OidcConfig, secret: string | undefined): Uint8Array | undefined {
  if (!config.allowHmac) return undefined;
  if (secret === undefined || secret === '') throw new Error('identity.oidc.allowHmac is true but the hmacSecret value was not provided');
  const bytes = new TextEncoder().encode(secret);
  if (bytes.byteLength < MIN_HMAC_SECRET_BYTES) throw new Error(`identity.oidc.hmacSecret must be at least ${MIN_HMAC_SECRET_BYTES} bytes`);
  return bytes;
}

/** jose's error, as a fixed short reason; its message is not used (it can quote claim values). */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `missing ${error.claim}`;
    if (error.claim === 'nbf') return 'not yet valid';
    if (error.claim === 'iss') return 'wrong issuer';
    if (error.claim === 'aud') return 'wrong audience';
    return 'invalid claims';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown kid';
  if (error instanceof errors.JWKSMultipleMatchingKeys) return 'no kid and several keys match';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JOSENotSupported) return 'algorithm not supported';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed';
  return 'verification failed';
}

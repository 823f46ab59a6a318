// The identity schemas for the HTTP transport: OIDC bearer tokens and API keys. The lead mounts them
// under `identity` in the config schema; createAuthenticator compiles what they parse.
import { z } from 'zod';

/** JWS algorithms gatehouse knows. "none" is not among them: unsigned tokens are never accepted. */
export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'HS256', 'HS384', 'HS512'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export const DEFAULT_ALGORITHMS: JwtAlgorithm[] = ['RS256', 'ES256', 'PS256', 'EdDSA'];

export function isHmacAlgorithm(alg: string): boolean {
  return alg === 'HS256' || alg === 'HS384' || alg === 'HS512';
}

export function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Tokens and keys must not travel in clear text; plain http is for a provider on this machine. */
function secureUrl(what: string) {
  return z.url().refine(
    (text) => {
      if (!URL.canParse(text)) return true; // z.url() reports it
      const url = new URL(text);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHostname(url.hostname));
    },
    { message: `${what} must be an https URL (http only for a loopback address)` },
  ).refine((text) => !URL.canParse(text) || new URL(text).hash === '', { message: `${what} must not have a #fragment` });
}

const ClaimPathSchema = z
  .string()
  .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'a claim name or a dot path, e.g. realm_access.roles')
  .describe('Claim name, or a dot path into nested claims');

const SecretRefSchema = z.string().regex(/^(env|file):./, 'must be a secret reference (env:NAME or file:PATH), not a literal value');

export const OidcConfigSchema = z
  .object({
    issuer: secureUrl('issuer').describe('The issuer exactly as it appears in the tokens\' iss claim'),
    audience: secureUrl('audience').describe('The resource URL of this server (e.g. https://gatehouse.example.com/mcp); tokens must carry it in aud (RFC 8707)'),
    jwksUrl: secureUrl('jwksUrl').optional().describe('Where the signing keys are; default: discovered from the issuer\'s /.well-known/openid-configuration'),
    authorizationServers: z.array(secureUrl('authorizationServers entry')).min(1).optional().describe('Advertised in the protected resource metadata; default: [issuer]'),
    groupsClaim: ClaimPathSchema.default('groups'),
    nameClaim: ClaimPathSchema.default('name').describe('Display name claim; falls back to preferred_username, then the id'),
    idClaim: ClaimPathSchema.default('sub').describe('Principal id claim'),
    algorithms: z
      .array(z.enum(JWT_ALGORITHMS, { error: () => `must be one of ${JWT_ALGORITHMS.join(', ')} ("none" is never accepted)` }))
      .min(1)
      .default(DEFAULT_ALGORITHMS)
      .describe('Accepted signature algorithms'),
    allowHmac: z.boolean().default(false).describe('Accept HS256/384/512 tokens signed with hmacSecret (shared secret: avoid when the IdP offers keys)'),
    hmacSecret: SecretRefSchema.optional().describe('Secret reference of the HMAC key, required by allowHmac'),
    clockSkew: z.number().int().min(0).max(300).default(30).describe('Seconds of clock difference tolerated for exp and nbf'),
    requiredScopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'a scope is printable ASCII without spaces, quotes or backslashes')).default([]),
    kind: z.enum(['human', 'agent', 'service']).default('agent').describe('Principal kind of token users'),
  })
  .strict()
  .superRefine((oidc, ctx) => {
    const hmac = oidc.algorithms.filter(isHmacAlgorithm);
    if (hmac.length > 0 && !oidc.allowHmac) {
      ctx.addIssue({ code: 'custom', path: ['algorithms'], message: `${hmac.join(', ')} needs allowHmac: true and an hmacSecret (shared-secret tokens are off by default)` });
    }
    if (oidc.allowHmac && oidc.hmacSecret === undefined) {
      ctx.addIssue({ code: 'custom', path: ['hmacSecret'], message: 'allowHmac: true needs hmacSecret (env:NAME or file:PATH)' });
    }
    if (oidc.allowHmac && hmac.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['algorithms'], message: 'allowHmac: true but algorithms lists no HS256, HS384 or HS512' });
    }
    if (!oidc.allowHmac && oidc.hmacSecret !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['hmacSecret'], message: 'hmacSecret is set but allowHmac is not true' });
    }
  });

export const ApiKeyConfigSchema = z
  .object({
    id: z.string().min(1).describe('Principal id of the key\'s holder'),
    name: z.string().min(1).optional().describe('Display name (defaults to the id)'),
    groups: z.array(z.string().min(1)).default([]),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the 64 hex digits of the key\'s SHA-256 (gatehouse keys new prints it)')
      .transform((hex) => hex.toLowerCase()),
    kind: z.enum(['human', 'agent', 'service']).default('service'),
  })
  .strict();

export const ApiKeysConfigSchema = z
  .array(ApiKeyConfigSchema)
  .default([])
  .superRefine((keys, ctx) => {
    const ids = new Set<string>();
    const hashes = new Set<string>();
    keys.forEach((key, index) => {
      if (ids.has(key.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate API key id "${key.id}"` });
      if (hashes.has(key.sha256)) ctx.addIssue({ code: 'custom', path: [index, 'sha256'], message: 'the same key hash is listed twice' });
      ids.add(key.id);
      hashes.add(key.sha256);
    });
  });

export type OidcConfig = z.output<typeof OidcConfigSchema>;
export type ApiKeyConfig = z.output<typeof ApiKeyConfigSchema>;

/** What the authenticator needs: the `oidc` and `apiKeys` keys of the identity section. */
export interface HttpIdentityConfig {
  oidc?: OidcConfig | undefined;
  apiKeys: ApiKeyConfig[];
}

// The console's OpenID Connect sign-in: authorization code flow with PKCE (S256), state and nonce,
// against the issuer's discovery document. The id_token is verified with jose against the
// provider's keys (the identity module's JWKS cache); the principal is read with the same claims
// (id, name, groups) as bearer tokens, so a person is the same principal in both places.
import { createHash, timingSafeEqual } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import { displayName, readGroups, stringClaim } from '../identity/claims.ts';
import { isHmacAlgorithm, isLoopbackHostname, type OidcConfig } from '../identity/config.ts';
import { fetchJson } from '../identity/fetch-json.ts';
import { createJwksCache, type JwksCache } from '../identity/jwks-cache.ts';
import type { Principal } from '../identity/principal.ts';
import type { IdentityLogger } from '../identity/types.ts';
import { digest, randomToken } from './sessions.ts';
import { exchangeCode } from './oidc-token.ts';

export interface OidcClientSettings {
  provider: OidcConfig;
  clientId: string;
  clientSecret?: string | undefined;
  scopes: string[];
  fetch?: typeof fetch;
  logger: IdentityLogger;
}

export type SignInResult = { ok: true; principal: Principal } | { ok: false; reason: string };

export interface OidcClient {
  /** Remembers a new flow and returns its id (for the browser's cookie) and the provider URL to send the browser to. */
  start(redirectUri: string): Promise<{ flowId: string; url: string }>;
  finish(flowId: string | undefined, query: Record<string, unknown>): Promise<SignInResult>;
}

export interface Endpoints {
  authorization: string;
  token: string;
  jwks: string;
  tokenAuthMethods: string[];
}

interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  expiresAt: number;
}

const FLOW_TTL_MS = 10 * 60_000;
const MAX_FLOWS = 10_000;

function endpointUrl(doc: Record<string, unknown>, key: string, where: string): string {
  const value = doc[key];
  if (typeof value !== 'string' || !URL.canParse(value)) throw new Error(`${where} has no valid ${key}`);
  const url = new URL(value);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHostname(url.hostname))) throw new Error(`${where}: ${key} must be https`);
  return value;
}

const sameText = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function createOidcClient(settings: OidcClientSettings): OidcClient {
  const { provider, clientId, logger } = settings;
  const fetchImpl = settings.fetch ?? fetch;
  const flows = new Map<string, Flow>();
  let discovered: Promise<{ endpoints: Endpoints; keys: JwksCache }> | undefined;

  async function discover(): Promise<{ endpoints: Endpoints; keys: JwksCache }> {
    const where = `${provider.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const doc = (await fetchJson(fetchImpl, where)) as Record<string, unknown> | null;
    if (!doc || doc.issuer !== provider.issuer) throw new Error(`${where} does not name the configured issuer`);
    const methods = doc.code_challenge_methods_supported;
    // A provider that lists its PKCE methods without S256 would ignore ours: refuse rather than sign in without it.
    if (Array.isArray(methods) && !methods.includes('S256')) throw new Error(`${where}: the provider does not support PKCE S256`);
    const authMethods = Array.isArray(doc.token_endpoint_auth_methods_supported) ? doc.token_endpoint_auth_methods_supported.filter((m): m is string => typeof m === 'string') : ['client_secret_basic'];
    const endpoints: Endpoints = {
      authorization: endpointUrl(doc, 'authorization_endpoint', where),
      token: endpointUrl(doc, 'token_endpoint', where),
      jwks: provider.jwksUrl ?? endpointUrl(doc, 'jwks_uri', where),
      tokenAuthMethods: authMethods,
    };
    const keys = createJwksCache({ issuer: provider.issuer, jwksUrl: endpoints.jwks, fetch: fetchImpl, now: Date.now, logger });
    return { endpoints, keys };
  }

  /** Discovery once; a failure is forgotten so the next sign-in tries again. */
  function provider$(): Promise<{ endpoints: Endpoints; keys: JwksCache }> {
    discovered ??= discover().catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  }

  async function verifyIdToken(idToken: string, flow: Flow, keys: JwksCache): Promise<SignInResult> {
    try {
      const { payload } = await jwtVerify(idToken, (header, token) => keys.getKey(header, token), {
        issuer: provider.issuer,
        audience: clientId,
        // id_tokens are checked with the provider's public keys only; a shared-secret token is never a sign-in.
        algorithms: provider.algorithms.filter((a) => !isHmacAlgorithm(a)),
        clockTolerance: provider.clockSkew,
        requiredClaims: ['exp', 'iat', 'nonce'],
      });
      if (typeof payload.nonce !== 'string' || !sameText(payload.nonce, flow.nonce)) return { ok: false, reason: 'the identity token belongs to another sign-in (nonce)' };
      if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== clientId) return { ok: false, reason: 'the identity token was issued to another client' };
      const id = stringClaim(payload, provider.idClaim);
      if (id === undefined) return { ok: false, reason: `the identity token has no ${provider.idClaim}` };
      return { ok: true, principal: { id, name: displayName(payload, provider.nameClaim, id), groups: readGroups(payload, provider.groupsClaim).groups, kind: 'human' } };
    } catch (error) {
      const code = error instanceof errors.JOSEError ? error.code : 'ERR_VERIFY';
      logger.info({ code }, 'console sign-in: id_token refused');
      return { ok: false, reason: 'the identity token did not verify' };
    }
  }

  return {
    async start(redirectUri) {
      const { endpoints } = await provider$();
      const t = Date.now();
      for (const [key, flow] of flows) if (flow.expiresAt <= t) flows.delete(key);
      while (flows.size >= MAX_FLOWS) flows.delete(flows.keys().next().value as string);
      const flowId = randomToken();
      const flow: Flow = { state: randomToken(), nonce: randomToken(), verifier: randomToken(), redirectUri, expiresAt: t + FLOW_TTL_MS };
      flows.set(digest(flowId), flow);
      const url = new URL(endpoints.authorization);
      const params = {
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirectUri,
        scope: settings.scopes.join(' '),
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: createHash('sha256').update(flow.verifier).digest('base64url'),
        code_challenge_method: 'S256',
      };
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      return { flowId, url: url.toString() };
    },

    async finish(flowId, query) {
      if (!flowId || flowId.length > 100) return { ok: false, reason: 'no sign-in was started in this browser' };
      const key = digest(flowId);
      const flow = flows.get(key);
      flows.delete(key); // a flow is used once, whatever happens next
      if (!flow || flow.expiresAt <= Date.now()) return { ok: false, reason: 'the sign-in took too long or was already used' };
      if (typeof query.error === 'string') return { ok: false, reason: `the identity provider answered ${query.error.slice(0, 64)}` };
      if (typeof query.state !== 'string' || !sameText(query.state, flow.state)) return { ok: false, reason: 'the answer does not belong to this sign-in (state)' };
      if (typeof query.code !== 'string' || query.code === '' || query.code.length > 4096) return { ok: false, reason: 'the identity provider sent no code' };
      const { endpoints, keys } = await provider$();
      const exchanged = await exchangeCode(fetchImpl, endpoints, { clientId, clientSecret: settings.clientSecret, code: query.code, redirectUri: flow.redirectUri, verifier: flow.verifier });
      if (!exchanged.ok) {
        logger.warn({ problem: exchanged.problem }, 'console sign-in: code exchange failed');
        return { ok: false, reason: 'the identity provider did not exchange the code' };
      }
      return verifyIdToken(exchanged.idToken, flow, keys);
    },
  };
}

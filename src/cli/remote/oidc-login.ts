// Signing a person in from the terminal, for the server's people API: the device authorization grant
// (RFC 8628) when the issuer advertises it, else the authorization code flow with PKCE (S256) on a
// loopback redirect (RFC 8252). The CLI is a public client: no secret. The token asked for is for the
// server's API resource (RFC 8707), never its MCP endpoint. What the provider sends that a person
// reads (the code, the URL) is printed through the terminal renderer.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { isLoopbackHostname } from '../../identity/config.ts';
import { fetchJson } from '../../identity/fetch-json.ts';
import { TerminalText } from '../../render/terminal.ts';
import type { SignInInfo } from '../../server/people-sign-in.ts';
import type { CachedToken } from './token-cache.ts';

const SIGN_IN_TIMEOUT_MS = 10 * 60_000;
const TOKEN_TIMEOUT_MS = 10_000;

type Say = (line: string) => void;

interface Endpoints {
  token: string;
  authorization?: string;
  device?: string;
}

function endpoint(doc: Record<string, unknown>, key: string): string | undefined {
  const value = doc[key];
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHostname(url.hostname))) throw new Error(`the identity provider's ${key} is not https`);
  return value;
}

async function discover(issuer: string): Promise<Endpoints> {
  const where = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const doc = (await fetchJson(fetch, where)) as Record<string, unknown> | null;
  if (!doc || doc.issuer !== issuer) throw new Error(`${where} does not name the issuer the server trusts`);
  const token = endpoint(doc, 'token_endpoint');
  if (!token) throw new Error(`${where} has no token_endpoint`);
  const authorization = endpoint(doc, 'authorization_endpoint');
  const device = endpoint(doc, 'device_authorization_endpoint');
  return { token, ...(authorization ? { authorization } : {}), ...(device ? { device } : {}) };
}

/** POSTs a form to the provider; the answer's JSON, or an error naming only the OAuth error code. */
async function postForm(url: string, form: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams(form), redirect: 'error', signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json: json && typeof json === 'object' ? (json as Record<string, unknown>) : {} };
}

function oauthError(json: Record<string, unknown>): string {
  return typeof json.error === 'string' ? json.error.replace(/[^\w.-]/g, '').slice(0, 64) : 'no error code';
}

/** The token answer as a cached token; the provider's words are never quoted (they could hold anything). */
function tokenOf(status: number, json: Record<string, unknown>): CachedToken {
  if (status !== 200 || typeof json.access_token !== 'string' || json.access_token === '') throw new Error(`the identity provider issued no access token (HTTP ${status}, ${oauthError(json)})`);
  const seconds = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 300;
  return { accessToken: json.access_token, expiresAt: Date.now() + seconds * 1000, ...(typeof json.refresh_token === 'string' ? { refreshToken: json.refresh_token } : {}) };
}

async function deviceFlow(info: SignInInfo, endpoints: Endpoints & { device: string }, say: Say): Promise<CachedToken> {
  const started = await postForm(endpoints.device, { client_id: info.clientId, scope: info.scopes.join(' '), resource: info.resource });
  const d = started.json;
  if (started.status !== 200 || typeof d.device_code !== 'string' || typeof d.user_code !== 'string' || typeof d.verification_uri !== 'string') {
    throw new Error(`the identity provider refused to start a device sign-in (HTTP ${started.status}, ${oauthError(d)})`);
  }
  const t = new TerminalText();
  const complete = typeof d.verification_uri_complete === 'string' ? d.verification_uri_complete : undefined;
  say(`To sign in, open ${t.line(complete ?? d.verification_uri, 500)}`);
  say(`and check that it shows the code ${t.line(d.user_code, 40)}`);
  const deadline = Date.now() + Math.min(SIGN_IN_TIMEOUT_MS, (typeof d.expires_in === 'number' ? d.expires_in : 600) * 1000);
  let interval = typeof d.interval === 'number' && d.interval >= 1 ? d.interval : 5;
  while (Date.now() < deadline) {
    await sleep(interval * 1000);
    const polled = await postForm(endpoints.token, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: d.device_code, client_id: info.clientId });
    const error = polled.status === 200 ? undefined : oauthError(polled.json);
    if (error === 'authorization_pending') continue;
    if (error === 'slow_down') {
      interval += 5;
      continue;
    }
    return tokenOf(polled.status, polled.json);
  }
  throw new Error('the sign-in was not completed in time');
}

const sameText = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

async function loopbackFlow(info: SignInInfo, endpoints: Endpoints & { authorization: string }, say: Say): Promise<CachedToken> {
  const state = randomBytes(32).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  let answer: (query: URLSearchParams) => void = () => undefined;
  const arrived = new Promise<URLSearchParams>((resolve) => (answer = resolve));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('gatehouse: you can close this window and return to the terminal.\n');
    answer(url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
    const url = new URL(endpoints.authorization);
    const params = { response_type: 'code', client_id: info.clientId, redirect_uri: redirectUri, scope: info.scopes.join(' '), state, resource: info.resource, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    say(`To sign in, open ${url.href}`);
    const timeout = AbortSignal.timeout(SIGN_IN_TIMEOUT_MS);
    const query = await Promise.race([arrived, new Promise<never>((_, reject) => timeout.addEventListener('abort', () => reject(new Error('the sign-in was not completed in time'))))]);
    if (query.get('error')) throw new Error(`the identity provider answered ${oauthError({ error: query.get('error') })}`);
    if (!sameText(query.get('state') ?? '', state)) throw new Error('the answer does not belong to this sign-in (state)');
    const code = query.get('code');
    if (!code) throw new Error('the identity provider sent no code');
    const exchanged = await postForm(endpoints.token, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, client_id: info.clientId, resource: info.resource });
    return tokenOf(exchanged.status, exchanged.json);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

export async function signIn(info: SignInInfo, say: Say): Promise<CachedToken> {
  const endpoints = await discover(info.issuer);
  if (endpoints.device) return deviceFlow(info, { ...endpoints, device: endpoints.device }, say);
  if (endpoints.authorization) return loopbackFlow(info, { ...endpoints, authorization: endpoints.authorization }, say);
  throw new Error('the identity provider offers neither the device authorization grant nor an authorization endpoint');
}

/** A new access token from the refresh token, or undefined when the provider will not give one. */
export async function refresh(info: SignInInfo, refreshToken: string): Promise<CachedToken | undefined> {
  const endpoints = await discover(info.issuer);
  const answer = await postForm(endpoints.token, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: info.clientId, resource: info.resource });
  if (answer.status !== 200) return undefined;
  const token = tokenOf(answer.status, answer.json);
  return token.refreshToken ? token : { ...token, refreshToken };
}

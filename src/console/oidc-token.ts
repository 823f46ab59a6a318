// The token request of the authorization code flow: the code and the PKCE verifier go to the
// provider's token endpoint, with the client secret when there is one (HTTP Basic unless the
// provider only takes it in the body). Only the id_token is kept; problems are described without
// any token or secret in them.
import type { Endpoints } from './oidc-client.ts';

const TIMEOUT_MS = 5_000;
const MAX_BYTES = 256 * 1024;

export interface CodeExchange {
  clientId: string;
  clientSecret?: string | undefined;
  code: string;
  redirectUri: string;
  verifier: string;
}

export type Exchanged = { ok: true; idToken: string } | { ok: false; problem: string };

export async function exchangeCode(fetchImpl: typeof fetch, endpoints: Endpoints, input: CodeExchange): Promise<Exchanged> {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri, code_verifier: input.verifier, client_id: input.clientId });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (input.clientSecret !== undefined) {
    const postOnly = endpoints.tokenAuthMethods.includes('client_secret_post') && !endpoints.tokenAuthMethods.includes('client_secret_basic');
    if (postOnly) body.set('client_secret', input.clientSecret);
    else headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(input.clientId)}:${encodeURIComponent(input.clientSecret)}`).toString('base64')}`;
  }
  let response: Response;
  try {
    response = await fetchImpl(endpoints.token, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    return { ok: false, problem: (error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : 'request failed' };
  }
  const text = await response.text();
  if (text.length > MAX_BYTES) return { ok: false, problem: 'answer too large' };
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    // The OAuth error code is a fixed word from the spec; error_description is left out (free text).
    const code = typeof json?.error === 'string' ? json.error.slice(0, 64) : 'no error code';
    return { ok: false, problem: `HTTP ${response.status} (${code})` };
  }
  const idToken = json?.id_token;
  if (typeof idToken !== 'string' || idToken === '') return { ok: false, problem: 'no id_token in the answer' };
  return { ok: true, idToken };
}

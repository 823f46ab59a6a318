// A small OpenID provider for the console's and the CLI's sign-in tests, on loopback: discovery,
// JWKS, an /authorize endpoint that signs the configured user in at once, and a /token endpoint that
// checks the client secret, the code's single use, the redirect URI and the PKCE verifier before
// it issues an ES256 id_token. The CLI's public client also gets the device authorization grant
// (RFC 8628; opening the verification URL approves it as the configured user) and, from either
// flow, an ES256 access token for the resource it asked for. Knobs let a test make it misbehave.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { CANARY } from '../fixtures/canary.ts';

export interface ProviderKnobs {
  /** Claims of the user who "signs in" at /authorize. */
  user: JWTPayload;
  /** Answer /authorize with this OAuth error instead of a code. */
  error?: string;
  /** Put this nonce in the id_token instead of the one asked for. */
  nonce?: string;
  /** Put this audience in the id_token instead of the client id. */
  audience?: string;
  /** Advertise the device authorization endpoint (default true); without it the CLI uses a loopback redirect. */
  device?: boolean;
}

export interface AuthorizationServer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The CLI's public client (no secret). */
  cliClientId: string;
  knobs: ProviderKnobs;
  /** Query of the last /authorize request. */
  lastAuthorize(): URLSearchParams | undefined;
  /** Why the last /token request was refused, if it was. */
  lastTokenRefusal(): string | undefined;
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

export async function startAuthorizationServer(): Promise<AuthorizationServer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = `es256-${randomUUID().slice(0, 8)}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const clientId = 'gatehouse-console';
  const clientSecret = CANARY.consoleClientSecret;
  const cliClientId = 'gatehouse-cli';
  const codes = new Map<string, { redirectUri: string; challenge: string; nonce: string; resource: string }>();
  const devices = new Map<string, { userCode: string; resource: string; user?: JWTPayload }>();
  const accessToken = (user: JWTPayload, resource: string) =>
    new SignJWT({ ...user, azp: cliClientId }).setProtectedHeader({ alg: 'ES256', kid }).setIssuer(issuer).setAudience(resource).setIssuedAt().setExpirationTime('5m').sign(privateKey);
  const knobs: ProviderKnobs = { user: {} };
  let authorize: URLSearchParams | undefined;
  let tokenRefusal: string | undefined;
  let issuer = '';

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
        id_token_signing_alg_values_supported: ['ES256'],
        ...(knobs.device === false ? {} : { device_authorization_endpoint: `${issuer}/device_authorization` }),
      });
    }
    if (url.pathname === '/device_authorization' && req.method === 'POST') {
      void readBody(req).then((text) => {
        const form = new URLSearchParams(text);
        if (form.get('client_id') !== cliClientId || !form.get('resource')) return json(400, { error: 'invalid_client' });
        const deviceCode = randomUUID();
        const userCode = randomUUID().slice(0, 8).toUpperCase();
        devices.set(deviceCode, { userCode, resource: form.get('resource') as string });
        json(200, { device_code: deviceCode, user_code: userCode, verification_uri: `${issuer}/device`, verification_uri_complete: `${issuer}/device?user_code=${userCode}`, expires_in: 600, interval: 1 });
      });
      return;
    }
    if (url.pathname === '/device') {
      const entry = [...devices.values()].find((d) => d.userCode === url.searchParams.get('user_code'));
      if (!entry) return json(404, { error: 'unknown code' });
      entry.user = { ...knobs.user };
      return json(200, { signedIn: true });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      authorize = url.searchParams;
      const p = url.searchParams;
      const back = new URL(p.get('redirect_uri') ?? '');
      back.searchParams.set('state', p.get('state') ?? '');
      if (knobs.error) back.searchParams.set('error', knobs.error);
      else if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge') || (p.get('client_id') === clientId ? !p.get('nonce') : p.get('client_id') !== cliClientId || !p.get('resource'))) back.searchParams.set('error', 'invalid_request');
      else {
        const code = randomUUID();
        codes.set(code, { redirectUri: back.origin + back.pathname, challenge: p.get('code_challenge') as string, nonce: p.get('nonce') ?? '', resource: p.get('resource') ?? '' });
        back.searchParams.set('code', code);
      }
      return void res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      void readBody(req).then(async (text) => {
        const form = new URLSearchParams(text);
        if (form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:device_code') {
          const device = devices.get(form.get('device_code') ?? '');
          if (!device || form.get('client_id') !== cliClientId) return json(400, { error: 'invalid_grant' });
          if (!device.user) return json(400, { error: 'authorization_pending' });
          devices.delete(form.get('device_code') ?? '');
          return json(200, { access_token: await accessToken(device.user, device.resource), token_type: 'Bearer', expires_in: 300 });
        }
        const publicClient = form.get('client_id') === cliClientId && req.headers.authorization === undefined;
        const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        tokenRefusal =
          !publicClient && basic !== `${clientId}:${clientSecret}` ? 'client authentication'
          : !grant ? 'unknown or used code'
          : form.get('redirect_uri') !== grant.redirectUri ? 'redirect_uri'
          : createHash('sha256').update(verifier).digest('base64url') !== grant.challenge ? 'PKCE verifier'
          : undefined;
        if (tokenRefusal || !grant) return json(400, { error: 'invalid_grant' });
        if (publicClient) return json(200, { access_token: await accessToken(knobs.user, grant.resource), token_type: 'Bearer', expires_in: 300 });
        const idToken = await new SignJWT({ ...knobs.user, nonce: knobs.nonce ?? grant.nonce })
          .setProtectedHeader({ alg: 'ES256', kid })
          .setIssuer(issuer)
          .setAudience(knobs.audience ?? clientId)
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
        json(200, { access_token: 'not-used', token_type: 'Bearer', expires_in: 300, id_token: idToken });
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    clientId,
    clientSecret,
    cliClientId,
    knobs,
    lastAuthorize: () => authorize,
    lastTokenRefusal: () => tokenRefusal,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

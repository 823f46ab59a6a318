// End to end with the SDK's own client: an express app wired the way the HTTP transport will be
// (metadata route, auth gate, the SDK's per-request handler), a real provider on loopback, and
// the client discovering the authorization server, being refused, then calling a tool with a token.
import assert from 'node:assert/strict';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Client, discoverOAuthServerInfo, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, Server } from '@modelcontextprotocol/server';
import express from 'express';
import { authGate, createAuthenticator, generateApiKey, hashApiKey, OidcConfigSchema, protectedResourceMetadata, resourceMetadataRouter, type Principal } from '../../src/identity/index.ts';
import { startOidcProvider, type OidcProvider } from '../fixtures/oidc.ts';
import { captureLog } from './helpers.ts';

let provider: OidcProvider;
let http: HttpServer;
let origin: string;
let endpoint: string;
const apiKey = generateApiKey();
const log = captureLog();

/** A one-tool server that reports who the gate said is calling, as gatehouse's mcp.ts reads it. */
function whoamiServer(principal: Principal | undefined): Server {
  const server = new Server({ name: 'identity-test', version: '0.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', () => ({ tools: [{ name: 'whoami', inputSchema: { type: 'object' } }] }));
  server.setRequestHandler('tools/call', () => ({ content: [{ type: 'text', text: JSON.stringify(principal ?? null) }] }));
  return server;
}

before(async () => {
  const app = express();
  http = await new Promise<HttpServer>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  endpoint = `${origin}/mcp`;
  provider = await startOidcProvider({ audience: endpoint });

  const identity = {
    oidc: OidcConfigSchema.parse({ issuer: provider.issuer, audience: endpoint, groupsClaim: 'realm_access.roles', requiredScopes: ['mcp'] }),
    apiKeys: [{ id: 'ci', groups: ['ci'], sha256: hashApiKey(apiKey), kind: 'service' as const }],
  };
  const metadata = protectedResourceMetadata(identity, origin);
  assert.ok(metadata);
  const mcp = createMcpHandler((ctx) => whoamiServer(ctx.authInfo?.extra?.principal as Principal | undefined), { legacy: 'stateless' });
  app.use(resourceMetadataRouter(metadata));
  app.all('/mcp', authGate(createAuthenticator(identity, { logger: log.logger })), toNodeHandler(mcp));
});

after(async () => {
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await provider.stop();
});

async function connect(token: string | undefined): Promise<Client> {
  const client = new Client({ name: 'identity-test-client', version: '0.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: { token: async () => token } }));
  return client;
}

async function whoami(token: string): Promise<unknown> {
  const client = await connect(token);
  try {
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    const text = (result.content as Array<{ type: string; text: string }>)[0]?.text ?? '';
    return JSON.parse(text);
  } finally {
    await client.close();
  }
}

describe('the SDK client', () => {
  it('finds the authorization server through the protected resource metadata', async () => {
    const info = await discoverOAuthServerInfo(endpoint);
    assert.equal(info.resourceMetadata?.resource, endpoint);
    assert.deepEqual(info.resourceMetadata?.scopes_supported, ['mcp']);
    assert.equal(info.authorizationServerUrl, provider.issuer);
    assert.equal(info.authorizationServerMetadata?.issuer, provider.issuer);
  });

  it('without a token is refused with a challenge pointing at the metadata', async () => {
    await assert.rejects(connect(undefined), (error: Error) => error.name === 'UnauthorizedError');
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`);
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });

  it('with a valid token calls a tool as the token\'s principal', async () => {
    const token = await provider.issue({ sub: 'u-42', name: 'Dana', realm_access: { roles: ['dba'] }, scope: 'mcp' });
    assert.deepEqual(await whoami(token), { id: 'u-42', name: 'Dana', groups: ['dba'], kind: 'agent' });
  });

  it('with a token lacking the scope gets 403 insufficient_scope', async () => {
    const token = await provider.issue({ sub: 'u-42', scope: 'openid' });
    // The client read the scope from our challenge: it says which scope to ask for.
    await assert.rejects(connect(token), (error: Error) => error.name === 'InsufficientScopeError' && /required "mcp"/.test(error.message));
  });

  it('with an API key calls a tool as the key\'s principal', async () => {
    assert.deepEqual(await whoami(apiKey), { id: 'ci', name: 'ci', groups: ['ci'], kind: 'service' });
  });
});

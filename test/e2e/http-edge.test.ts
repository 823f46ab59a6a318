// The real server's HTTP door: DNS-rebinding requests (a Host or an Origin that is not the server's
// own) are refused before authentication and before any tool; a token without a required scope
// gets 403 insufficient_scope with a challenge naming the scope, and the SDK's client reads it.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { freePort, startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { startOidcProvider, type OidcProvider } from '../fixtures/oidc.ts';

const TOOLS_LIST = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, since fetch will not send a Host header of the caller's choosing. */
function post(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(TOOLS_LIST);
  });
}

describe('the HTTP door of the real server', () => {
  let provider: OidcProvider;
  let gh: RunningGatehouse;
  let endpoint: string;
  let hostPort: string;
  let token: string;

  before(async () => {
    const port = await freePort();
    hostPort = `127.0.0.1:${port}`;
    endpoint = `http://${hostPort}/mcp`;
    provider = await startOidcProvider({ audience: endpoint });
    token = await provider.issue({ sub: 'ann', realm_access: { roles: ['dev'] }, scope: 'mcp' });
    gh = await startGatehouse(
      {
        server: { http: { publicUrl: `http://${hostPort}` } },
        identity: { oidc: { issuer: provider.issuer, audience: endpoint, groupsClaim: 'realm_access.roles', requiredScopes: ['mcp'] } },
      },
      'http',
      { listen: hostPort, token },
    );
  });
  after(async () => {
    await gh?.stop();
    await provider?.stop();
  });

  it('serves a request with its own Host and Origin', async () => {
    const answer = await post(endpoint, { authorization: `Bearer ${token}`, host: hostPort, origin: `http://${hostPort}` });
    assert.equal(answer.status, 200, answer.body);
    assert.match(answer.body, /"tools"/);
  });

  it('refuses a DNS-rebinding request: a Host that is not the server\'s, even with a valid token', async () => {
    for (const host of ['attacker.example', `attacker.example:${hostPort.split(':')[1]}`, 'localhost.attacker.example']) {
      const answer = await post(endpoint, { authorization: `Bearer ${token}`, host });
      assert.equal(answer.status, 403, `${host}: ${answer.body}`);
      assert.doesNotMatch(answer.body, /"tools"/);
    }
  });

  it('refuses a cross-site Origin, even with a valid token', async () => {
    for (const origin of ['http://attacker.example', `http://attacker.example:${hostPort.split(':')[1]}`, 'null']) {
      const answer = await post(endpoint, { authorization: `Bearer ${token}`, host: hostPort, origin });
      assert.equal(answer.status, 403, `${origin}: ${answer.body}`);
      assert.doesNotMatch(answer.body, /"tools"/);
    }
  });

  it('answers a token without the required scope with 403 insufficient_scope naming the scope', async () => {
    const narrow = await provider.issue({ sub: 'ann', realm_access: { roles: ['dev'] }, scope: 'openid' });
    const answer = await post(endpoint, { authorization: `Bearer ${narrow}`, host: hostPort });
    assert.equal(answer.status, 403, answer.body);
    const challenge = String(answer.headers['www-authenticate']);
    assert.match(challenge, /^Bearer error="insufficient_scope", scope="mcp", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"$/);
    assert.doesNotMatch(answer.body, /"tools"/);

    const client = new Client({ name: 'narrow-agent', version: '1.0.0' });
    await assert.rejects(
      client.connect(new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: { token: async () => narrow } })),
      (error: Error) => error.name === 'InsufficientScopeError' && /required "mcp"/.test(error.message),
    );
  });
});

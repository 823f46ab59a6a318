// The identity config: defaults, and a clear error for each unsafe or inconsistent setting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OidcConfigSchema } from '../../src/identity/config.ts';
import { protectedResourceMetadata } from '../../src/identity/resource-metadata.ts';

const base = { issuer: 'https://idp.example.com/realms/main', audience: 'https://gatehouse.example.com/mcp' };

function problems(input: Record<string, unknown>): string[] {
  const parsed = OidcConfigSchema.safeParse({ ...base, ...input });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('identity.oidc', () => {
  it('fills the documented defaults', () => {
    assert.deepEqual(OidcConfigSchema.parse(base), {
      ...base,
      groupsClaim: 'groups',
      nameClaim: 'name',
      idClaim: 'sub',
      algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
      allowHmac: false,
      clockSkew: 30,
      requiredScopes: [],
      kind: 'agent',
    });
  });

  it('never accepts alg none', () => {
    assert.match(problems({ algorithms: ['RS256', 'none'] }).join(), /algorithms\.1: .*"none" is never accepted/);
  });

  it('names every algorithm it accepts when one is unknown, one by one', () => {
    assert.match(problems({ algorithms: ['RS257'] }).join(), /must be one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519, HS256, HS384, HS512 \("none"/);
  });

  it('accepts HS256 only with allowHmac and an hmacSecret reference', () => {
    assert.match(problems({ algorithms: ['HS256'] }).join(), /HS256 needs allowHmac: true/);
    assert.match(problems({ algorithms: ['HS256'], allowHmac: true }).join(), /hmacSecret: allowHmac: true needs hmacSecret/);
    assert.match(problems({ algorithms: ['HS256'], allowHmac: true, hmacSecret: 'plain-text-secret' }).join(), /must be a secret reference/);
    assert.match(problems({ allowHmac: true, hmacSecret: 'env:JWT_SECRET' }).join(), /lists no HS256/);
    assert.match(problems({ hmacSecret: 'env:JWT_SECRET' }).join(), /allowHmac is not true/);
    assert.deepEqual(problems({ algorithms: ['HS256'], allowHmac: true, hmacSecret: 'env:JWT_SECRET' }), []);
  });

  it('wants https, except for a provider on loopback', () => {
    assert.match(problems({ issuer: 'http://idp.example.com' }).join(), /issuer must be an https URL/);
    assert.match(problems({ jwksUrl: 'http://idp.example.com/keys' }).join(), /jwksUrl must be an https URL/);
    assert.match(problems({ audience: 'https://gatehouse.example.com/mcp#x' }).join(), /must not have a #fragment/);
    assert.match(problems({ issuer: 'not a url' }).join(), /issuer/);
    assert.deepEqual(problems({ issuer: 'http://127.0.0.1:8080', jwksUrl: 'http://localhost:8080/jwks' }), []);
  });

  it('checks claim paths, skew and scopes', () => {
    assert.match(problems({ groupsClaim: 'realm_access..roles' }).join(), /dot path/);
    assert.match(problems({ clockSkew: -1 }).join(), /clockSkew/);
    assert.match(problems({ requiredScopes: ['has space'] }).join(), /printable ASCII/);
    assert.match(problems({ unknownKey: 1 }).join(), /unknownKey|Unrecognized/);
  });
});

describe('protected resource metadata (RFC 9728)', () => {
  const oidc = OidcConfigSchema.parse({ ...base, requiredScopes: ['mcp:tools'] });

  it('names this resource, its authorization servers, header-only tokens and the scopes', () => {
    const metadata = protectedResourceMetadata({ oidc, apiKeys: [] }, 'https://gatehouse.example.com');
    assert.deepEqual(metadata?.document, {
      resource: 'https://gatehouse.example.com/mcp',
      authorization_servers: ['https://idp.example.com/realms/main'],
      bearer_methods_supported: ['header'],
      scopes_supported: ['mcp:tools'],
    });
    assert.deepEqual(metadata?.paths, ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']);
    assert.equal(metadata?.url, 'https://gatehouse.example.com/.well-known/oauth-protected-resource/mcp');
  });

  it('serves the document once, at the root path, for an audience at the origin\'s root', () => {
    const atRoot = OidcConfigSchema.parse({ ...base, audience: 'https://gatehouse.example.com/' });
    const metadata = protectedResourceMetadata({ oidc: atRoot, apiKeys: [] });
    assert.deepEqual(metadata?.paths, ['/.well-known/oauth-protected-resource']);
    assert.equal(metadata?.url, 'https://gatehouse.example.com/.well-known/oauth-protected-resource');
  });

  it('lists configured authorization servers and leaves out empty scopes', () => {
    const other = OidcConfigSchema.parse({ ...base, authorizationServers: ['https://login.example.com', 'https://idp.example.com/realms/main'] });
    const document = protectedResourceMetadata({ oidc: other, apiKeys: [] })?.document;
    assert.deepEqual(document?.authorization_servers, ['https://login.example.com', 'https://idp.example.com/realms/main']);
    assert.ok(!('scopes_supported' in (document ?? {})));
  });

  it('refuses an audience that is not this server\'s endpoint', () => {
    assert.throws(() => protectedResourceMetadata({ oidc, apiKeys: [] }, 'https://elsewhere.example.com'), /does not cover this server's MCP endpoint https:\/\/elsewhere\.example\.com\/mcp/);
  });

  it('is absent without an identity provider', () => {
    assert.equal(protectedResourceMetadata({ apiKeys: [] }, 'https://gatehouse.example.com'), undefined);
  });
});

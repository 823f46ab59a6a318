// MCP authorization, resource side: the RFC 9728 protected resource metadata document that tells
// a client which authorization server issues tokens for this server, and where to serve it.
import type { OAuthProtectedResourceMetadata } from '@modelcontextprotocol/server';
import { checkResourceAllowed, getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/server';
import type { HttpIdentityConfig } from './config.ts';

export interface ProtectedResourceMetadata {
  document: OAuthProtectedResourceMetadata;
  /** Where the document is served, as paths on the public origin: the RFC 9728 path-aware one first, then the root one older clients probe. */
  paths: string[];
  /** The full URL of the path-aware document; the 401 challenges point here. */
  url: string;
}

/**
 * The document for this server, or undefined when there is no identity provider to point to (API
 * keys only). With publicUrl, checks that the audience belongs to this server's MCP endpoint:
 * clients compare the document's resource with the URL they connected to, and the audience is
 * what tokens are bound to, so a mismatch would make every token useless.
 */
export function protectedResourceMetadata(config: HttpIdentityConfig, publicUrl?: string): ProtectedResourceMetadata | undefined {
  const oidc = config.oidc;
  if (!oidc) return undefined;
  const resource = new URL(oidc.audience);
  if (publicUrl !== undefined) {
    const endpoint = `${publicUrl.replace(/\/+$/, '')}/mcp`;
    if (!checkResourceAllowed({ requestedResource: endpoint, configuredResource: resource })) {
      throw new Error(`identity.oidc.audience ${oidc.audience} does not cover this server's MCP endpoint ${endpoint} (server.http.publicUrl + /mcp); set the audience to ${endpoint}`);
    }
  }
  const url = getOAuthProtectedResourceMetadataUrl(resource);
  const pathAware = new URL(url).pathname;
  const root = '/.well-known/oauth-protected-resource';
  const document: OAuthProtectedResourceMetadata = {
    resource: oidc.audience,
    authorization_servers: oidc.authorizationServers ?? [oidc.issuer],
    bearer_methods_supported: ['header'],
    // An empty list would have clients request an empty scope; leave it out instead.
    ...(oidc.requiredScopes.length > 0 ? { scopes_supported: [...oidc.requiredScopes] } : {}),
  };
  return { document, paths: pathAware === root ? [root] : [pathAware, root], url };
}

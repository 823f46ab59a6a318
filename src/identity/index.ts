// The identity module's public surface for the HTTP transport: config schemas, the authenticator,
// the protected resource metadata, the express adapters, and API key helpers for the CLI.
export { ApiKeyConfigSchema, ApiKeysConfigSchema, OidcConfigSchema, DEFAULT_ALGORITHMS, type ApiKeyConfig, type HttpIdentityConfig, type OidcConfig } from './config.ts';
export { createAuthenticator, type AuthenticatorOptions } from './authenticator.ts';
export { protectedResourceMetadata, type ProtectedResourceMetadata } from './resource-metadata.ts';
export { authGate, resourceMetadataRouter, type AuthGateOptions } from './express.ts';
export { API_KEY_PREFIX, generateApiKey, hashApiKey } from './api-keys.ts';
export type { AuthRequest, AuthResult, Authenticator, IdentityLogger } from './types.ts';
export { PrincipalSchema, type Principal } from './principal.ts';

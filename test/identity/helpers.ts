// Shared by the identity tests: a real pino logger whose lines are captured, and config builders.
import { pino } from 'pino';
import { ApiKeysConfigSchema, OidcConfigSchema, type HttpIdentityConfig } from '../../src/identity/config.ts';
import type { OidcProvider } from '../fixtures/oidc.ts';

export const AUDIENCE = 'https://gatehouse.test/mcp';

export interface CapturedLog {
  logger: pino.Logger;
  lines: string[];
  /** Parsed lines with the given message. */
  find(message: string): Array<Record<string, unknown>>;
}

/** The same logger the server uses (pino, JSON lines), writing into memory at debug level. */
export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return {
    logger,
    lines,
    find: (message) => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === message),
  };
}

export function oidcIdentity(provider: OidcProvider, oidc: Record<string, unknown> = {}, apiKeys: unknown[] = []): HttpIdentityConfig {
  return {
    oidc: OidcConfigSchema.parse({ issuer: provider.issuer, audience: AUDIENCE, groupsClaim: 'realm_access.roles', ...oidc }),
    apiKeys: ApiKeysConfigSchema.parse(apiKeys),
  };
}

/** A request as the express gate builds it. */
export function bearer(token: string, url = '/mcp'): { headers: Record<string, string>; url: string } {
  return { headers: { authorization: `Bearer ${token}` }, url };
}

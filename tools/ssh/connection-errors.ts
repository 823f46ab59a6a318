// Turns ssh2's connect errors into ToolErrors written for the agent. Messages are built from
// our own words and the connection's public facts; raw library text only after every secret
// value is cut out of it, as a second wall.
import type { ClientErrorExtensions } from 'ssh2';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import type { Secrets } from '../../src/pipeline/toolpack.ts';

type Ssh2Error = Error & ClientErrorExtensions & { code?: string };

export interface ConnectFacts {
  /** "name (host:port)", how messages name the connection. */
  label: string;
  user: string;
  connectTimeoutMs: number;
}

/** Replaces every secret value (and each of its lines, for keys) found in `text`. */
export function withoutSecrets(text: string, secrets: Secrets): string {
  const values = Object.values(secrets)
    .flatMap((value) => [value, ...value.split('\n').map((line) => line.trim())])
    .filter((value) => value.length >= 4)
    .sort((a, b) => b.length - a.length);
  let scrubbed = text;
  for (const value of values) scrubbed = scrubbed.split(value).join('[secret]');
  return scrubbed;
}

export function authRefused(facts: ConnectFacts): ToolError {
  return new ToolError('backend_auth_failed', `authentication to ${facts.label} as user ${facts.user} was refused`);
}

export function unusablePrivateKey(facts: ConnectFacts): ToolError {
  return new ToolError(
    'backend_auth_failed',
    `the private key configured for ${facts.label} could not be loaded (malformed, or a wrong or missing passphrase)`,
  );
}

/** Maps an error ssh2 raised before the connection was ready. */
export function connectFailure(error: Ssh2Error, facts: ConnectFacts, secrets: Secrets): ToolError {
  switch (error.level) {
    case 'client-authentication':
      return authRefused(facts);
    case 'client-timeout':
      return new ToolError(
        'backend_unavailable',
        `could not connect to ${facts.label}: no SSH login within ${facts.connectTimeoutMs} ms`,
      );
    case 'client-socket':
    case 'client-dns': {
      const reason = error.code !== undefined ? ` (${error.code})` : '';
      return new ToolError('backend_unavailable', `could not connect to ${facts.label}${reason}`);
    }
    default:
      return new ToolError(
        'backend_unavailable',
        `the SSH handshake with ${facts.label} failed: ${withoutSecrets(error.message, secrets)}`,
      );
  }
}

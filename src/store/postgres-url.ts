// The shared store's URL: checked when config loads, turned into pg connection settings when the
// store opens. The URL is a secret (it usually carries a password), so no message here ever quotes
// it; `where` (host:port/database) is what errors and logs name instead.
import type pg from 'pg';

export type StoreUrl = { ok: true; where: string; password?: string; connection: pg.ClientConfig } | { ok: false; message: string };

// verify-full checks the certificate and the host name (Node's TLS does both); a private CA is
// trusted through NODE_EXTRA_CA_CERTS.
const SSL_MODES: Record<string, pg.ClientConfig['ssl']> = {
  disable: false,
  require: { rejectUnauthorized: false },
  'verify-full': { rejectUnauthorized: true },
};

export function parseStoreUrl(text: string): StoreUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'the referenced value is not a URL (expected postgres://USER:PASSWORD@HOST:PORT/DATABASE)' };
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return { ok: false, message: 'the referenced URL must start with postgres:// or postgresql://' };
  if (!url.hostname) return { ok: false, message: 'the referenced URL names no host' };
  const unknown = [...url.searchParams.keys()].filter((k) => k !== 'sslmode');
  if (unknown.length > 0) return { ok: false, message: `the referenced URL has unsupported parameters: ${unknown.join(', ')} (only sslmode)` };
  const sslmode = url.searchParams.get('sslmode') ?? 'disable';
  if (!Object.hasOwn(SSL_MODES, sslmode)) return { ok: false, message: 'sslmode must be disable, require or verify-full' };
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 5432);
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  return {
    ok: true,
    where: `${host}:${port}/${database}`,
    ...(password !== undefined ? { password } : {}),
    connection: {
      host,
      port,
      database,
      user: decodeURIComponent(url.username) || 'postgres',
      ...(password !== undefined ? { password } : {}),
      ssl: SSL_MODES[sslmode],
    },
  };
}

/** Removes every occurrence of the given secrets from a message, for errors that quote a server's words. */
export function redact(message: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = message;
  for (const secret of secrets) if (secret && secret.length >= 3) out = out.split(secret).join('[REDACTED]');
  return out;
}

// Secret references (`env:NAME`, `file:PATH`): parsed when config is checked, resolved once at start.
// Values never leave this module except into a pack's `open` and the outbound scrubber.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type SecretRef = { scheme: 'env'; name: string } | { scheme: 'file'; path: string };

export type ParsedRef = { ok: true; ref: SecretRef } | { ok: false; message: string };

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** Parses a reference without resolving it; the message never contains the text after the scheme. */
export function parseSecretRef(text: string, baseDir: string): ParsedRef {
  const scheme = SCHEME.exec(text)?.[1];
  if (scheme === undefined) {
    return { ok: false, message: 'must be a secret reference (env:NAME or file:PATH), not a literal value' };
  }
  const rest = text.slice(scheme.length + 1);
  if (scheme === 'env') {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(rest)) return { ok: false, message: 'env: needs a variable name, e.g. env:PG_PASSWORD' };
    return { ok: true, ref: { scheme: 'env', name: rest } };
  }
  if (scheme === 'file') {
    if (rest === '') return { ok: false, message: 'file: needs a path, e.g. file:/run/secrets/pg_password' };
    return { ok: true, ref: { scheme: 'file', path: resolve(baseDir, rest) } };
  }
  return { ok: false, message: `unknown secret reference scheme "${scheme}:" (use env: or file:)` };
}

export type ResolvedSecret = { ok: true; value: string } | { ok: false; message: string };

export function resolveSecretRef(ref: SecretRef, env: NodeJS.ProcessEnv = process.env): ResolvedSecret {
  if (ref.scheme === 'env') {
    const value = env[ref.name];
    if (value === undefined || value === '') return { ok: false, message: `environment variable ${ref.name} is not set` };
    return { ok: true, value };
  }
  try {
    // A trailing newline is how secret files are usually written; it is never part of the secret.
    const value = readFileSync(ref.path, 'utf8').replace(/\r?\n$/, '');
    if (value === '') return { ok: false, message: `secret file ${ref.path} is empty` };
    return { ok: true, value };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { ok: false, message: `secret file ${ref.path} cannot be read (${code})` };
  }
}

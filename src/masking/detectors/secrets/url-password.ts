// Passwords in URLs: scheme://user:PASSWORD@host. Only the password is masked, so the agent still
// sees which user and host a connection string names. The password runs to the first "@"; a
// "host:port/path@..." (a port, then a path that happens to hold an "@") is not a password. What
// stands before "//" is not checked: a scheme broken on purpose ("1://") or none at all ("//app:pw@db",
// a network-path reference) still names a connection to whoever reads it.
// With the slashes cut off too ("app:pw@db:5432/shop", Go's "root:pw@tcp(db:3306)/shop") the
// userinfo is read back from its "@", and taken only when a port, path, query or driver follows the
// host: a bare "user:pass@host" is as likely prose ("mailto:ada@example.com"), and an image's
// "nginx:1.25@sha256:0d17…" holds a digest, not a port.
import type { AnchoredDetector, EmitSpan } from '../types.ts';

const MAX_USER = 128;
const MAX_PASSWORD = 256;
const MAX_PORT_DIGITS = 5;
/** The most "@"s a password written without escapes is read to hold. */
const MAX_AT_SIGNS = 2;

/** Stops the userinfo: whitespace, quotes, angle brackets. */
function endsUserinfo(code: number): boolean {
  return code <= 32 || code === 34 || code === 39 || code === 60 || code === 62 || code === 96;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isHostCode(code: number): boolean {
  return isDigit(code) || ((code | 32) >= 97 && (code | 32) <= 122) || code === 45 || code === 46 || code === 95;
}

/** scheme://user:PASSWORD@host, the "//" at `at`. */
function passwordAfterSlashes(text: string, at: number, emit: EmitSpan): void {
  let i = at + 2;
  const userLimit = Math.min(text.length, i + MAX_USER);
  for (; i < userLimit; i++) {
    const code = text.charCodeAt(i);
    if (code === 58 || code === 47 || code === 63 || code === 35 || code === 64 || endsUserinfo(code)) break;
  }
  if (text.charCodeAt(i) !== 58) return; // no "user:" here
  const start = i + 1;
  const passwordLimit = Math.min(text.length, start + MAX_PASSWORD);
  let end = start;
  while (end < passwordLimit && text.charCodeAt(end) !== 64 && !endsUserinfo(text.charCodeAt(end))) end++;
  if (end === start || text.charCodeAt(end) !== 64) return;
  if (/^\d+\//.test(text.slice(start, end))) return; // host:port/path@...
  emit(start, end);
}

/** Whether the host at `at` is followed by what only a connection string has: a port, path, query or "driver(". */
function hostNamesConnection(text: string, at: number): boolean {
  let i = at;
  if (text.charCodeAt(i) === 91) {
    const close = text.indexOf(']', i);
    if (close < 0 || close - i > 64) return false;
    i = close + 1;
  } else {
    while (i < text.length && isHostCode(text.charCodeAt(i))) i++;
    if (i === at) return false;
  }
  const next = text.charCodeAt(i);
  if (next === 47 || next === 63 || next === 40) return true;
  if (next !== 58) return false;
  let digits = 0;
  while (isDigit(text.charCodeAt(i + 1 + digits))) digits++;
  const after = text.charCodeAt(i + 1 + digits);
  return digits > 0 && digits <= MAX_PORT_DIGITS && !isHostCode(after);
}

/** user:PASSWORD@host:port/… without "//", the "@" at `at`. */
function passwordBeforeHost(text: string, at: number, emit: EmitSpan): void {
  const limit = Math.max(0, at - MAX_USER - MAX_PASSWORD - 1);
  let start = at;
  let ats = 0;
  // A password may hold a few "@"s of its own; a run of them ("a@a@a@…") is no userinfo, and reading back over it from each one would cost its length every time.
  for (; start > limit; start--) {
    const code = text.charCodeAt(start - 1);
    if (endsUserinfo(code) || (code === 64 && ++ats > MAX_AT_SIGNS)) break;
  }
  const userinfo = text.slice(start, at);
  const slashes = userinfo.lastIndexOf('//');
  if (slashes >= 0) {
    // A URL: its password was read from the "//" up to its first "@"; one holding more "@"s
    // ("postgres://app:hun@ter2@db") runs on to this one.
    const colon = userinfo.indexOf(':', slashes);
    if (colon >= 0 && userinfo.includes('@', colon) && !/^\d+\//.test(userinfo.slice(colon + 1))) emit(start + colon + 1, at);
    return;
  }
  const colon = userinfo.indexOf(':');
  if (colon < 0 || !hostNamesConnection(text, at + 1)) return;
  emit(start + colon + 1, at);
}

export const urlPasswordDetector: AnchoredDetector = {
  shape: 'anchored',
  name: 'url_password',
  // "@" only after a ":" in the same word, maybe a few "@"s back: most "@"s (addresses, "a@a@a@…") never reach matchAt.
  anchor: String.raw`//|@(?<=:[^\s"'<>\x60@]{0,${MAX_PASSWORD}}(?:@[^\s"'<>\x60@]{0,${MAX_PASSWORD}}){0,${MAX_AT_SIGNS}}@)`,
  matchAt(text: string, at: number, emit: EmitSpan): void {
    if (text.charCodeAt(at) === 64) passwordBeforeHost(text, at, emit);
    else passwordAfterSlashes(text, at, emit);
  },
};

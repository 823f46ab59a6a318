// Passwords in URLs: scheme://user:PASSWORD@host. Only the password is masked, so the agent still
// sees which user and host a connection string names. The password runs to the first "@"; a
// "host:port/path@..." (a port, then a path that happens to hold an "@") is not a password. What
// stands before "//" is not checked: a scheme broken on purpose ("1://") or none at all ("//app:pw@db",
// a network-path reference) still names a connection to whoever reads it.
import type { AnchoredDetector, EmitSpan } from '../types.ts';

const MAX_USER = 128;
const MAX_PASSWORD = 256;

/** Stops the userinfo: whitespace, quotes, angle brackets. */
function endsUserinfo(code: number): boolean {
  return code <= 32 || code === 34 || code === 39 || code === 60 || code === 62 || code === 96;
}

export const urlPasswordDetector: AnchoredDetector = {
  shape: 'anchored',
  name: 'url_password',
  anchor: '//',
  matchAt(text: string, at: number, emit: EmitSpan): void {
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
  },
};

// PEM private key blocks of any type (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP ... PRIVATE KEY):
// the whole block from BEGIN to its END line is masked. Public keys and certificates are public
// and left alone. The body is read with one linear regex (base64, header lines such as
// "DEK-Info: AES-128-CBC,...", blank lines, JSON-escaped newlines and slashes) and must be
// followed by the matching END line. A block cut short (truncated output, `head` of a key file)
// is still masked up to where its body ends, never let through. The body stops at the next
// "-----", so text stuffed with BEGIN lines costs linear time, not quadratic.
import type { AnchoredDetector, EmitSpan } from '../types.ts';

const HEADER = /-----BEGIN ([A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?)-----/y;
const BODY = /(?:[A-Za-z0-9+/=:, \t\r\n]|-(?!----)|\\[nr/])*/y;

export const privateKeyDetector: AnchoredDetector = {
  shape: 'anchored',
  name: 'private_key',
  anchor: '-----BEGIN ',
  matchAt(text: string, at: number, emit: EmitSpan): void {
    HEADER.lastIndex = at;
    const header = HEADER.exec(text);
    if (header === null) return;
    BODY.lastIndex = HEADER.lastIndex;
    BODY.exec(text);
    const bodyEnd = BODY.lastIndex;
    const footer = `-----END ${header[1]}-----`;
    emit(at, text.startsWith(footer, bodyEnd) ? bodyEnd + footer.length : bodyEnd);
  },
};

// JSON Web Tokens (JWS, and 5-part JWE): base64url parts joined by dots whose first part decodes
// to a JSON object with an "alg" member. Base64 of any JSON also starts with "eyJ", so the header
// check is what keeps a random base64 blob from being taken for a token.
import { gluedBefore, isTokenCode } from '../chars.ts';
import type { AnchoredDetector, EmitSpan } from '../types.ts';

const TOKEN = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)?/y;

function isBase64Code(code: number): boolean {
  return isTokenCode(code) || code === 43 || code === 47; // + /
}

function headerHasAlg(header: string): boolean {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return typeof decoded === 'object' && decoded !== null && typeof (decoded as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

export const jwtDetector: AnchoredDetector = {
  shape: 'anchored',
  name: 'jwt',
  anchor: 'eyJ',
  matchAt(text: string, at: number, emit: EmitSpan): void {
    if (gluedBefore(text, at, isBase64Code)) return;
    TOKEN.lastIndex = at;
    const found = TOKEN.exec(text);
    if (found === null) return;
    const token = found[0];
    if (!headerHasAlg(token.slice(0, token.indexOf('.')))) return;
    emit(at, at + token.length);
  },
};

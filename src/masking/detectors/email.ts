// Email addresses. Candidates are cut around each "@" (no regex over the whole text: most strings
// have no "@" at all) and must pass validator's isEmail (TLD required, no IP hosts). The user part
// of a URL ("postgres://app:pw@db.example.com", "ftp://john@host.example") is not an address:
// the url_password detector owns that password.
import isEmailModule from 'validator/lib/isEmail.js';
import type { EmitSpan, ScanningDetector, TextFacts } from './types.ts';

// validator is CommonJS: its function is the module's `default` member under NodeNext typing.
const isEmail = isEmailModule.default;

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const URL_USERINFO_BEFORE = /[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^\s/@:]*:)?$/;

function isLocalChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 46 || // .
    code === 95 || // _
    code === 37 || // %
    code === 43 || // +
    code === 45 // -
  );
}

function isDomainChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 46 || code === 45;
}

function isUrlUserinfo(text: string, localStart: number): boolean {
  const before = text.charCodeAt(localStart - 1);
  if (before !== 58 && before !== 47) return false; // ':' or '/'
  return URL_USERINFO_BEFORE.test(text.slice(Math.max(0, localStart - 256), localStart));
}

/** A domain needs a dot: checked before the costly isEmail, for text full of "@". */
function hasInnerDot(text: string, from: number, to: number): boolean {
  for (let i = from + 1; i < to - 1; i++) if (text.charCodeAt(i) === 46) return true;
  return false;
}

export function createEmailDetector(): ScanningDetector {
  return {
    shape: 'scanning',
    name: 'email',
    minLength: 6, // a@b.co
    canMatch: (_text: string, facts: TextFacts) => facts.hasAt,
    scan(text: string, emit: EmitSpan): void {
      let at = text.indexOf('@');
      while (at >= 0) {
        let start = at;
        while (start > 0 && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
        while (start < at && text.charCodeAt(start) === 46) start++;
        let end = at + 1;
        while (end < text.length && end - at <= MAX_DOMAIN && isDomainChar(text.charCodeAt(end))) end++;
        while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
        if (start < at && hasInnerDot(text, at + 1, end) && !isUrlUserinfo(text, start) && isEmail(text.slice(start, end))) {
          emit(start, end);
        }
        at = text.indexOf('@', Math.max(end, at + 1));
      }
    },
  };
}

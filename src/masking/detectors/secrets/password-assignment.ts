// Credentials written as key/value pairs: password=..., "password": "...", pwd: ...,
// DB_PASSWORD=..., --password=..., client_secret: ..., "apiKey": "...", access_token=...,
// Authorization: Bearer ..., <password>...</password>, SQL's PASSWORD '...' and IDENTIFIED BY
// '...', and the password glued to a MySQL client's -p (mysql -uroot -pS3cret, as ps shows it).
// Only the value is masked. The key must END with a credential word, so password_hint, max_tokens
// and secretName stay visible. PWD and OLDPWD (upper case) are the shell's working directories,
// not passwords.
import { caseless } from '../chars.ts';
import type { AnchoredDetector, EmitSpan } from '../types.ts';

const ENDINGS = [
  'password', 'passwd', 'passphrase', 'pwd', 'secret', 'secretkey', 'secretkeybase', 'token', 'apikey',
  'privatekey', 'signingkey', 'encryptionkey', 'masterkey', 'authorization', 'credentials',
];
const ANCHOR = ['pass', 'pwd', 'secret', 'token', 'key', 'authorization', 'credentials', 'identified', 'mysql', 'mariadb'].map(caseless).join('|');
/** SQL's IDENTIFIED BY 'pw' (MySQL, Oracle), IDENTIFIED WITH plugin BY 'pw' too: group 1 is before the value. */
const IDENTIFIED_BY = /(identified(?:[ \t]+with[ \t]+[\w'"`]+)?[ \t]+by[ \t]+(?:password[ \t]+)?)(?=\S)/iy;
/** MySQL's SET PASSWORD FOR 'u'@'h' = 'pw'. */
const PASSWORD_FOR = /(password[ \t]+for[ \t]+[^=\n]{1,200}?=[ \t]*)(?=\S)/iy;
/** An unquoted IDENTIFIED BY value counts only in a statement that makes or changes a user ("identified by their email" is prose). */
const USER_STATEMENT = /\b(?:create|alter)[ \t]+(?:user|role)\b[^\n;]*$/i;
/**
 * A MySQL or MariaDB client's command line up to its -p with the password glued to it. The search
 * stops 256 characters on (a command line's options, as ps shows them): unbounded, a long line of
 * "mysql mysql ..." would be searched to its end from each one, in time that grows as its square.
 */
const CLIENT_PASSWORD = /(?:mysql|mariadb)[\w-]*(?=[ \t])[^\n]{0,256}?[ \t]-p(?=[^\s-])/iy;
const SHELL_DIRECTORIES = new Set(['PWD', 'OLDPWD']);
const NOT_A_VALUE = new Set(['', 'null', 'true', 'false', 'none', 'nil', 'undefined', '|', '|-', '|+']);
const AUTH_SCHEME = /^(?:bearer|basic|token|digest|bot|negotiate|apikey)$/i;
const MAX_KEY = 64;
/** From the start of the credential word to the end of the key: "encryption_key" is 14. */
const MAX_TAIL = 16;

/** Key separator: closing quote of the key, then = : => := or (SQL, --flag) just spaces before a value. */
const SEPARATOR = /\\?["']?[ \t]*(?:=>|:=|[:=])[ \t]*/y;
const SPACES_BEFORE_QUOTE = /[ \t]+(?=\\?["'`])/y;
const SPACES = /[ \t]+/y;

function isKeyCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ||
    code === 95 || code === 45 || code === 46
  );
}

/**
 * An unquoted value ends only at whitespace, a quote or an angle bracket: a password may well
 * hold & ; , ) or }, and masking a little too much ("abc;Server=db") beats leaking its tail.
 */
function endsUnquoted(code: number): boolean {
  return code <= 32 || code === 34 || code === 39 || code === 96 || code === 60 || code === 62;
}

function isCredentialKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[_.-]/g, '');
  if (ENDINGS.some((ending) => normalized.endsWith(ending))) return true;
  // "pass" alone is too common inside words (bypass, compass): only as its own word.
  return /(?:^|[_.-])pass$/i.test(key) || /[a-z]Pass$/.test(key) || /^-*pass$/i.test(key);
}

/** End of the unquoted value starting at `start`. No length cap: a cut-off value would leak its tail. */
function unquotedEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && !endsUnquoted(text.charCodeAt(end))) end++;
  return end;
}

/** [start, end) of the value inside quotes that open at `at`; to the end of the line if never closed. */
function quotedValue(text: string, at: number): [number, number] {
  const escaped = text[at] === '\\';
  const quote = escaped ? text.slice(at, at + 2) : (text[at] ?? '');
  const start = at + quote.length;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') return [start, i];
    if (!escaped && ch === '\\') i++;
    else if (quote === "'" && ch === "'" && text[i + 1] === "'") i++; // SQL's doubled quote
    else if (text.startsWith(quote, i)) return [start, i];
  }
  return [start, text.length];
}

/** Where the value starts after a key ending at `keyEnd`, or -1 when no value follows. */
function valueStart(text: string, keyEnd: number, isFlag: boolean): number {
  SEPARATOR.lastIndex = keyEnd;
  if (SEPARATOR.test(text)) return SEPARATOR.lastIndex;
  const spaced = isFlag ? SPACES : SPACES_BEFORE_QUOTE;
  spaced.lastIndex = keyEnd;
  return spaced.test(text) ? spaced.lastIndex : -1;
}

function opensQuote(text: string, at: number): boolean {
  const first = text[at];
  return first === '"' || first === "'" || first === '`' || (first === '\\' && /["']/.test(text[at + 1] ?? ''));
}

function valueRange(text: string, at: number): [number, number] | undefined {
  // A nested object ("password": {"type": "string"}) is structure, not a value.
  if (text[at] === '{') return undefined;
  if (opensQuote(text, at)) return quotedValue(text, at);
  let start = at;
  let end = unquotedEnd(text, at);
  // PASSWORD('...'), crypt('...'): the function's name stays, its quoted argument is the value.
  if (text[end - 1] === '(' && /["'`]/.test(text[end] ?? '')) return quotedValue(text, end);
  // "Authorization: Bearer abc": the credential is the word after the scheme.
  if (AUTH_SCHEME.test(text.slice(start, end))) {
    SPACES.lastIndex = end;
    if (SPACES.test(text)) {
      start = SPACES.lastIndex;
      end = unquotedEnd(text, start);
    }
  }
  return [start, end];
}

/** Value ranges of the shapes with no key/value separator; false when `at` begins none of them. */
function unseparated(text: string, at: number, emit: EmitSpan): boolean {
  IDENTIFIED_BY.lastIndex = at;
  PASSWORD_FOR.lastIndex = at;
  CLIENT_PASSWORD.lastIndex = at;
  const identified = IDENTIFIED_BY.exec(text);
  const found = identified ?? PASSWORD_FOR.exec(text) ?? CLIENT_PASSWORD.exec(text);
  if (found === null) return false;
  const start = at + found[0].length;
  const quoted = /["'`]/.test(text[start] ?? '');
  if (identified && !quoted && !USER_STATEMENT.test(text.slice(Math.max(0, at - 200), at))) return true;
  const range = valueRange(text, start);
  if (range && range[1] > range[0]) emit(range[0], range[1]);
  return true;
}

/**
 * The items of a list value ("passwords": ["a", "b"], tokens: [a, b], over lines too), each a value
 * of the key; the list ends at its "]" or at an item that is an object or a list (structure, whose
 * own keys are matched where they stand).
 */
function listItems(text: string, open: number): Array<[number, number]> {
  const items: Array<[number, number]> = [];
  let i = open + 1;
  for (;;) {
    while (i < text.length && /[\s,]/.test(text[i] ?? '')) i++;
    if (i >= text.length || /[\]{[]/.test(text[i] ?? '')) return items;
    if (opensQuote(text, i)) {
      const quote = text.slice(i, text[i] === '\\' ? i + 2 : i + 1);
      const item = quotedValue(text, i);
      items.push(item);
      // A quote that never closes takes its line: what follows is no longer read as the list.
      if (!text.startsWith(quote, item[1])) return items;
      i = item[1] + quote.length;
    } else {
      let end = i;
      while (end < text.length && !endsUnquoted(text.charCodeAt(end)) && text[end] !== ',' && text[end] !== ']') end++;
      if (end === i) return items; // a quote or angle bracket where an item would be: no list this reads
      items.push([i, end]);
      i = end;
    }
  }
}

/** A value unless it is none, a placeholder or what masking already wrote. */
function emitValue(text: string, [start, end]: [number, number], emit: EmitSpan): void {
  const value = text.slice(start, end);
  if (NOT_A_VALUE.has(value.toLowerCase()) || /^\*+$/.test(value) || value.startsWith('[REDACTED')) return;
  emit(start, end);
}

/** <password>value</password>: the element's text, up to the next tag. */
function elementValue(text: string, keyStart: number, keyEnd: number): [number, number] | undefined {
  if (text[keyStart - 1] !== '<' || text[keyEnd] !== '>') return undefined;
  const end = text.indexOf('<', keyEnd + 1);
  return [keyEnd + 1, end < 0 ? text.length : end];
}

export const passwordAssignmentDetector: AnchoredDetector = {
  shape: 'anchored',
  name: 'password',
  anchor: ANCHOR,
  matchAt(text: string, at: number, emit: EmitSpan): void {
    if (unseparated(text, at, emit)) return;
    // Cheap checks first: the key must end soon after the credential word, and a value must follow.
    let keyEnd = at;
    while (keyEnd < text.length && keyEnd - at <= MAX_TAIL && isKeyCode(text.charCodeAt(keyEnd))) keyEnd++;
    if (keyEnd - at > MAX_TAIL) return;
    let keyStart = at;
    while (keyStart > 0 && at - keyStart < MAX_KEY && isKeyCode(text.charCodeAt(keyStart - 1))) keyStart--;
    const isFlag = text.startsWith('--', keyStart);
    const element = elementValue(text, keyStart, keyEnd);
    const at0 = element ? element[0] : valueStart(text, keyEnd, isFlag);
    if (at0 < 0 || at0 >= text.length) return;

    const key = text.slice(keyStart, keyEnd);
    const list = !element && text[at0] === '[' && !text.startsWith('[REDACTED', at0);
    // A list is named in the plural: "passwords": [...], apiKeys: [...].
    if (SHELL_DIRECTORIES.has(key) || !(isCredentialKey(key) || (list && isCredentialKey(key.replace(/s$/i, ''))))) return;
    if (list) {
      for (const item of listItems(text, at0)) emitValue(text, item, emit);
      return;
    }
    const range = element ?? valueRange(text, at0);
    if (range !== undefined) emitValue(text, range, emit);
  },
};

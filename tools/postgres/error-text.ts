// What a PostgreSQL error's text may show the agent. The server quotes what it failed on
// (`invalid input syntax for type integer: "ada@example.com"`), and an agent can make it quote any
// value of any column, reversed, split or encoded so that no detector knows it. So every fragment of
// the text that could carry a value is withheld unless the agent's own SQL holds it verbatim: what
// the agent wrote is no secret to it, so a column it misspelled stays readable.
//
// Fragments: anything in double or single quotes; anything in parentheses after "Key"; anything
// after a colon that runs to the end; every token holding a digit, an @ or a non-ASCII character;
// every name written as a call (`function ada_example_com() does not exist`);
// and, when the error is in SQL the server built itself (EXECUTE in a function, query_to_xml), every
// token holding a word of that SQL, because its identifiers come back unquoted
// (`column c.london does not exist`) and they may be values.

export const WITHHELD = '…(value withheld)';

interface Fragment {
  /** The whole span, quotes or parentheses included. */
  start: number;
  end: number;
  /** The part that may be a value: shown as it is, or replaced. */
  from: number;
  to: number;
}

/**
 * The words PostgreSQL's own messages put between two quoted names (`column "a" of relation "b"`),
 * from its message catalog. Anything else between two quoted fragments is text of a value that
 * held quotes of its own (`"x" London "y"`).
 */
const LINKING = new Set(
  `a access add ahead allowed already an ancestor and any are argument as at attribute
authenticated authentication backreference backup be because belong belongs binary but by can
cannot careful changed characters check child codeset collation column computed configuration
conflicts constraint contain contains could currently database default definition derived detach
different directory does domain during enabled encoding entry equivalent escape exist existing
exists expected expression extension failed false file filter for foreign found from function
generated has have higher identifier identity in index inherited installation installed into is
it key lacks least level library line linked locale logged long match maximum member message
method multiple must named near new no non nor not obsolete of on open options or output overlap
parent part partition partitioned path pending plugin prevents produces progress publication
quotes recognized recovery recursive reference referenced references referencing relation
removing renamed replica replicate replication requested required requires restoring role root
row scan schema script security server service set setting simply specified state string strings
subexpressions subscription supplied syntax table tablespace target term than the time to token
too truncated try twice type unlogged updatable update use used user using value variable
version versus view violates was when where which whole will with would write you zone`.split(/\s+/),
);

const LETTER = /\p{L}/u;
const WORD = /[\p{L}\p{N}_$]+/gu;
const WORD_START = /^[\p{L}\p{N}_$]/u;
const WORD_END = /[\p{L}\p{N}_$]$/u;

/**
 * PostgreSQL's own wording is short: a longer text is long because of a value, and every fragment
 * costs a search of the SQL (up to 256 KiB), so only this much of it is read.
 */
const MAX_TEXT = 1000;

/** `text` with every fragment that could carry a value and is not in `sql` replaced by WITHHELD. */
export function withholdValues(full: string, sql: string, builtSql = ''): string {
  // Cut at a blank, so that no shortened word passes for a whole one.
  const text = full.length > MAX_TEXT ? full.slice(0, MAX_TEXT).replace(/\S*$/, '') : full;
  const quotes = joinAcrossValues(text, quoted(text));
  const found = merge([...quotes, ...colonTail(text, quotes), ...keyValues(text, quotes)]);
  const fragments = merge([...found, ...tokens(text, found, new Set(builtSql.toLowerCase().match(WORD)))]);
  const seen = new Map<string, boolean>();
  let out = '';
  let at = 0;
  for (const f of fragments) {
    const value = text.slice(f.from, f.to);
    if (!seen.has(value)) seen.set(value, wrote(value, sql));
    if (seen.get(value)) continue;
    out += text.slice(at, f.from) + WITHHELD;
    at = f.to;
  }
  return out + text.slice(at) + (text === full ? '' : '…');
}

/** Whether `sql` holds `value` whole: not blank, and not inside a longer word (`a` in `name`). */
export function wrote(value: string, sql: string): boolean {
  if (value.trim() === '') return false;
  const escaped = value.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  const before = WORD_START.test(value) ? '(?<![\\p{L}\\p{N}_$])' : '';
  const after = WORD_END.test(value) ? '(?![\\p{L}\\p{N}_$])' : '';
  return new RegExp(before + escaped + after, 'u').test(sql);
}

/** A double quote, or a single quote that is no apostrophe (the server writes "table's"). */
function isQuote(text: string, i: number): boolean {
  if (text[i] === '"') return true;
  return text[i] === "'" && !(LETTER.test(text[i - 1] ?? '') && LETTER.test(text[i + 1] ?? ''));
}

/** Quoted fragments, left to right; one never closed runs to the end. */
function quoted(text: string): Fragment[] {
  const out: Fragment[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!isQuote(text, i)) continue;
    let j = i + 1;
    while (j < text.length && !(text[j] === text[i] && isQuote(text, j))) j++;
    out.push({ start: i, end: Math.min(j + 1, text.length), from: i + 1, to: j });
    i = j;
  }
  return out;
}

/** Joins quoted fragments with anything but the server's linking words between them, or nothing (`"a""b"`). */
function joinAcrossValues(text: string, fragments: Fragment[]): Fragment[] {
  const out: Fragment[] = [];
  for (const f of fragments) {
    const last = out[out.length - 1];
    const gap = text.slice(last?.end ?? 0, f.start);
    const linking = /^[a-z\s,.:;()/-]+$/.test(gap) && (gap.match(/[a-z]+/g) ?? []).every((w) => LINKING.has(w));
    if (last && !linking) out[out.length - 1] = span(last, f);
    else out.push(f);
  }
  return out;
}

/** What follows the first colon outside quotes (`...: "value"`, `...: 2024-13-01`), unless that is one quoted fragment already. */
function colonTail(text: string, quotes: Fragment[]): Fragment[] {
  for (const m of text.matchAll(/:\s/g)) {
    if (quotes.some((q) => m.index >= q.start && m.index < q.end)) continue;
    const start = m.index + 2;
    if (quotes.some((q) => q.start === start && /^[.\s]*$/.test(text.slice(q.end)))) return [];
    return [{ start, end: text.length, from: start, to: text.length }];
  }
  return [];
}

/** A key and its values (`Key (email)=(...) already exists`): from the parenthesis after "Key" to the last one. */
function keyValues(text: string, quotes: Fragment[]): Fragment[] {
  for (const m of text.matchAll(/\bkey\s*\(/gi)) {
    const open = m.index + m[0].length - 1;
    if (quotes.some((q) => open >= q.start && open < q.end)) continue;
    const close = text.lastIndexOf(')');
    const to = close > open ? close : text.length;
    return [{ start: open, end: Math.min(to + 1, text.length), from: open + 1, to }];
  }
  return [];
}

/**
 * Words the server writes before a parenthesis of its own: type names with a modifier
 * (`character varying(20)`, `timestamp(3) with time zone`) and a unique key's `Key (...)`.
 * Any other word so written names a routine the server looked up (`function ada_example_com()
 * does not exist`, also aggregate, procedure and routine), and that name may be a value.
 */
const BEFORE_PARENTHESIS = new Set(['varying', 'character', 'char', 'varchar', 'bpchar', 'bit', 'varbit', 'numeric', 'decimal', 'time', 'timetz', 'timestamp', 'timestamptz', 'interval', 'key']);

/** Tokens outside the other fragments that hold a digit, an @, a non-ASCII character or a word of `built`, or name a routine. */
function tokens(text: string, fragments: Fragment[], built: Set<string>): Fragment[] {
  let outside = '';
  let at = 0;
  for (const f of fragments) {
    outside += text.slice(at, f.start) + ' '.repeat(f.end - f.start);
    at = f.end;
  }
  outside += text.slice(at);
  const out: Fragment[] = [];
  // Brackets and a closing full stop or comma are the sentence's (`varying(20)`, `london()`, `$1.`), not the value's.
  for (const m of outside.matchAll(/[^\s()[\]{}]+/g)) {
    const from = m.index;
    const to = from + m[0].replace(/[.,;:!?]+$/, '').length;
    const token = text.slice(from, to);
    const words = token.toLowerCase().match(WORD) ?? [];
    const routine = outside[from + m[0].length] === '(' && !BEFORE_PARENTHESIS.has(words.at(-1) ?? '');
    if (routine || /[0-9@]|[^\x20-\x7e]/.test(token) || words.some((w) => built.has(w))) out.push({ start: from, end: to, from, to });
  }
  return out;
}

function merge(fragments: Fragment[]): Fragment[] {
  const out: Fragment[] = [];
  for (const f of [...fragments].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) out[out.length - 1] = span(last, f);
    else out.push(f);
  }
  return out;
}

function span(a: Fragment, b: Fragment): Fragment {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end), from: Math.min(a.from, b.from), to: Math.max(a.to, b.to) };
}

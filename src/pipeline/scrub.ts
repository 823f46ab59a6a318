// The second wall: every configured secret value is replaced in outbound text, whatever produced it.
// A secret is caught in every form the masking detector knows (plain, URL-encoded, JSON-escaped,
// base64, hex, each long line of a multi-line one). A weak secret, one the config allowed by
// override (see config/weak-secrets.ts), is caught only as a whole word and only as it is: "x" or
// "postgres" must not cut "max" or "postgresql" apart.
import { isWeakSecret } from '../config/weak-secrets.ts';
import { secretNeedles } from '../masking/detectors/gatehouse-secret.ts';
import { literalTrieSource } from '../masking/detectors/literal-trie.ts';
import { originalRange, readerView } from '../masking/detectors/reader-view.ts';

export type Scrubber = (text: string) => string;

const REDACTED = '[REDACTED:secret]';

/** Regexes matching every form of the given secrets; each match is one whole form. Empty when there is none. */
export function secretPatterns(secretValues: readonly string[]): RegExp[] {
  const patterns: RegExp[] = [];
  // One trie for all forms: the engine decides per character, longer forms win over their prefixes.
  const needles = secretNeedles(secretValues.filter((s) => !isWeakSecret(s)));
  if (needles.length > 0) patterns.push(new RegExp(literalTrieSource(needles), 'g'));
  const weak = [...new Set(secretValues.filter((s) => s.length > 0 && isWeakSecret(s)))].sort((a, b) => b.length - a.length);
  // A word is letters, digits and underscores, in any script. The marker comes first and stands for
  // itself, so a weak secret such as "secret" never matches inside an earlier replacement.
  const words = `(?<![\\p{L}\\p{N}_])(?:${weak.map(escapeRegex).join('|')})(?![\\p{L}\\p{N}_])`;
  if (weak.length > 0) patterns.push(new RegExp(`${escapeRegex(REDACTED)}|${words}`, 'gu'));
  return patterns;
}

/** Whether `text` holds a form of a secret the patterns stand for, as written or as a reader sees it (the redaction marker itself does not count). */
export function holdsSecret(text: string, patterns: readonly RegExp[]): boolean {
  const view = readerView(text)?.text;
  for (const seen of view === undefined ? [text] : [text, view]) {
    for (const pattern of patterns) for (const match of seen.matchAll(pattern)) if (match[0] !== REDACTED) return true;
  }
  return false;
}

export function createScrubber(secretValues: readonly string[]): Scrubber {
  const patterns = secretPatterns(secretValues);
  if (patterns.length === 0) return (text) => text;
  return (text) => scrubReaderView(patterns.reduce((out, pattern) => out.replace(pattern, REDACTED), text), patterns);
}

/**
 * A secret threaded with characters that draw nothing (or written full-width) is still read as the
 * secret: found in the reader's view of the text and replaced, with what it was threaded with, in
 * the text as written.
 */
function scrubReaderView(text: string, patterns: readonly RegExp[]): string {
  const view = readerView(text);
  if (!view) return text;
  const ranges: Array<[number, number]> = [];
  for (const pattern of patterns) {
    for (const match of view.text.matchAll(pattern)) if (match[0] !== REDACTED) ranges.push(originalRange(view, match.index, match.index + match[0].length));
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    out += `${text.slice(at, Math.max(at, start))}${start >= at ? REDACTED : ''}`;
    at = end;
  }
  return out + text.slice(at);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Applies a scrubber to every string inside a JSON-like value (object keys included). Copy on
 * write: what holds no changed string comes back as the same reference, so a clean 100,000-row
 * result is walked but never copied. Objects other than plain ones and arrays (a Date, a Buffer,
 * a URL) become plain copies of their own fields, as they always have: their toJSON could
 * otherwise print text this walk never saw.
 */
export function scrubValue<T>(value: T, scrub: Scrubber): T {
  if (typeof value === 'object' && value !== null && sealedBy.get(value) === scrub) return value;
  return scrubAny(value, scrub) as T;
}

// Objects scrubValue returned through scrubAndSeal, with the scrubber that cleaned them.
const sealedBy = new WeakMap<object, Scrubber>();

/**
 * Scrubs an object that goes both to the agent and to the audit log, and seals it: scrubValue with
 * the same scrubber (the recorder's pass) returns it as it is instead of walking it again. The top
 * level is frozen, so nothing unscrubbed can be added to it between the two.
 */
export function scrubAndSeal<T extends object>(value: T, scrub: Scrubber): Readonly<T> {
  const scrubbed = Object.freeze(scrubValue(value, scrub));
  sealedBy.set(scrubbed, scrub);
  return scrubbed;
}

function scrubAny(value: unknown, scrub: Scrubber): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return scrubArray(value, scrub);
  const proto: unknown = Object.getPrototypeOf(value);
  return scrubRecord(value as Record<string, unknown>, scrub, proto !== Object.prototype && proto !== null);
}

function scrubArray(array: readonly unknown[], scrub: Scrubber): readonly unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    const scrubbed = scrubAny(item, scrub);
    if (scrubbed === item) continue;
    // slice keeps holes where they are, as map did.
    copy ??= array.slice();
    copy[i] = scrubbed;
  }
  return copy ?? array;
}

/** The record itself while nothing in it changes; from the first change on, a plain copy. */
function scrubRecord(record: Record<string, unknown>, scrub: Scrubber, alwaysCopy: boolean): Record<string, unknown> {
  const keys = Object.keys(record);
  let entries: Array<[string, unknown]> | undefined = alwaysCopy ? [] : undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const item = record[key];
    const scrubbedKey = scrub(key);
    const scrubbed = scrubAny(item, scrub);
    if (entries === undefined) {
      if (scrubbedKey === key && scrubbed === item) continue;
      entries = keys.slice(0, i).map((k): [string, unknown] => [k, record[k]]);
    }
    entries.push([scrubbedKey, scrubbed]);
  }
  // fromEntries defines fields: a "__proto__" key stays a field instead of setting the copy's prototype.
  return entries === undefined ? record : Object.fromEntries(entries);
}

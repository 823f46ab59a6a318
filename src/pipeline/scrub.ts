// The second wall: every configured secret value is replaced in outbound text, whatever produced it.
export type Scrubber = (text: string) => string;

const MIN_SECRET_LENGTH = 4;

export function createScrubber(secretValues: readonly string[]): Scrubber {
  // Longest first so a secret that contains another is replaced whole.
  const secrets = [...new Set(secretValues.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[REDACTED:secret]');
    return out;
  };
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

// Canonical JSON: object keys sorted, no whitespace, so the same event always hashes the same.
// Every audit event is serialized here, results of thousands of rows included, so it is built in
// one pass: arrays of scalars, and arrays of those (table rows), go to the native JSON.stringify
// whole; keys already in order skip the sort. The output is byte for byte what the first, simple version produced (kept as the
// reference in test/audit/canonical.test.ts): stored hashes depend on it.
//   - object keys sorted by UTF-16 code units; undefined values left out;
//   - undefined (and functions, symbols) elsewhere -> null; NaN and ±Infinity -> null; bigint -> a string;
//   - toJSON() is honoured, as JSON.stringify does.
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // Number-to-string is JSON's number form for every finite number (-0 included: "0").
      return Number.isFinite(value) ? `${value}` : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `"${value}"`;
    case 'object':
      if (value === null) return 'null';
      return objectJson(value);
    default:
      // undefined, symbol, function: JSON.stringify says undefined (or honours a function's toJSON).
      return JSON.stringify(value) ?? 'null';
  }
}

function objectJson(value: object): string {
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return canonicalJson(withJson.toJSON());
  if (Array.isArray(value)) return nativeSafe(value) ? JSON.stringify(value) : arrayJson(value);
  const record = value as Record<string, unknown>;
  const keys = sortedKeys(record);
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

/**
 * Strings, numbers, booleans, null and arrays of them (rows of a table): JSON.stringify writes
 * those exactly as canonicalJson does, in one native call.
 */
function nativeSafe(array: readonly unknown[]): boolean {
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    const type = typeof item;
    if (type === 'string' || type === 'number' || type === 'boolean' || item === null) continue;
    if (!Array.isArray(item) || typeof (item as { toJSON?: unknown }).toJSON === 'function' || !nativeSafe(item)) return false;
  }
  return true;
}

function arrayJson(array: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out += ',';
    const item = array[i];
    // A hole wrote nothing in the reference (Array.prototype.map skips it), unlike an undefined.
    if (item !== undefined || i in array) out += canonicalJson(item);
  }
  return `${out}]`;
}

/** Object.keys already come in insertion order; sort only when that is not code-unit order. */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) return keys.sort();
  }
  return keys;
}

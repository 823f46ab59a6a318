// Table lookups keyed by words from the line: only a table's own entries count, never members
// of Object.prototype (a command named "toString" or "constructor" must not find a handler).
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

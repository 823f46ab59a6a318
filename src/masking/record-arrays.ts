// An array of records, as json_agg() of a query's rows writes one (`[{"n": 6, "ch": "o"}, …]`), is a
// table: each key a column, each record a row. A value split over its records, a piece a record,
// in order or beside its place in any order, is read down each key as a table's columns are
// (positioned-cells.ts). Records that do not share their keys are no table.
import type { MaskCounts } from './counts.ts';
import { maskColumns } from './positioned-cells.ts';
import type { TextMasker } from './text-masker.ts';

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !ArrayBuffer.isView(value);

/** The keys every item of `items` holds, in the first's order; undefined when they are not all records with those keys. */
function sharedKeys(items: readonly unknown[]): string[] | undefined {
  const first = items[0];
  if (!isRecord(first)) return undefined;
  const keys = Object.keys(first);
  for (const item of items) {
    if (!isRecord(item)) return undefined;
    const own = Object.keys(item);
    if (own.length !== keys.length || own.some((key, i) => key !== keys[i])) return undefined;
  }
  return keys;
}

/** Reads `items` as a table when they are records sharing their keys; `set` writes a masked value back. */
export function maskRecordArray(items: readonly unknown[], splitNumbers: TextMasker, splitValues: TextMasker, counts: MaskCounts, set: (record: JsonRecord, key: string, masked: string) => void): void {
  if (items.length < 2) return;
  const keys = sharedKeys(items);
  if (keys === undefined) return;
  const rows = items.map((item) => keys.map((key) => (item as JsonRecord)[key]));
  const recordOf = new Map(rows.map((row, r) => [row, items[r] as JsonRecord]));
  const writes: Array<readonly [JsonRecord, string, string]> = [];
  maskColumns(rows, keys.length, () => true, { splitNumbers, splitValues, counts, write: (row, c, masked) => writes.push([recordOf.get(row) as JsonRecord, keys[c] as string, masked]) });
  for (const [record, key, masked] of writes) set(record, key, masked);
}

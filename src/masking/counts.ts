// Counting what was masked, and the one-line summary the agent sees. Keys are
// `detector:<name>`, `column:<table.column or name>` and `json_key:<pattern>`; the prefix also keeps
// attacker-chosen names (a column called "__proto__") away from Object.prototype.

/** Number of masked values per key; maskText adds to it when given one. */
export type MaskCounts = Record<string, number>;

export interface MaskSummary {
  counts: MaskCounts;
  total: number;
}

export function addCount(counts: MaskCounts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export function summarize(counts: MaskCounts): MaskSummary {
  let total = 0;
  for (const key of Object.keys(counts)) total += counts[key] ?? 0;
  return { counts, total };
}

/** e.g. "masked 12 values: column:customers.email 4, detector:card 8" (keys sorted). */
export function describeCounts(summary: MaskSummary): string {
  if (summary.total === 0) return 'nothing masked';
  const parts = Object.keys(summary.counts)
    .sort()
    .map((key) => `${key} ${summary.counts[key]}`);
  const noun = summary.total === 1 ? 'value' : 'values';
  return `masked ${summary.total} ${noun}: ${parts.join(', ')}`;
}

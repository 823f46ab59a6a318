// A bound on how deep a call's arguments may nest. The steps after the door walk values recursively
// (scrubbing, the canonical JSON the audit chain hashes), so arguments nested a few thousand levels
// overflowed the stack there and the call went unrecorded. No tool takes arguments anywhere near this
// deep: a deeper call is refused, and its record keeps everything down to the bound.

export const MAX_ARGUMENT_DEPTH = 64;

const CUT = `[nested deeper than ${MAX_ARGUMENT_DEPTH} levels; not recorded]`;

/** The arguments as the audit records them, and whether they had to be cut at the bound. */
export function boundArgumentDepth(args: unknown): { args: unknown; cut: boolean } {
  return nestsDeeper(args, 0) ? { args: cutAt(args, 0), cut: true } : { args, cut: false };
}

function nestsDeeper(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth >= MAX_ARGUMENT_DEPTH) return true;
  return Object.values(value).some((child) => nestsDeeper(child, depth + 1));
}

function cutAt(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_ARGUMENT_DEPTH) return CUT;
  if (Array.isArray(value)) return value.map((child) => cutAt(child, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, cutAt(child, depth + 1)]));
}

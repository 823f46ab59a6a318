// Keeps results inside the decision's limits: lists stop at the row cap and the byte cap with a
// note saying so; a single object over the byte cap has its long strings shortened first.
import type { Truncation } from '../../src/pipeline/result.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';

export function jsonSize(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0;
}

/** Keeps items while their JSON fits in `maxBytes` together. */
export function capBytes<T>(items: readonly T[], maxBytes: number): { kept: T[]; truncated?: Truncation } {
  const kept: T[] = [];
  let bytes = 2;
  for (const item of items) {
    bytes += jsonSize(item) + 1;
    if (bytes > maxBytes) return { kept, truncated: { reason: 'bytes', limit: maxBytes } };
    kept.push(item);
  }
  return { kept };
}

const SHORT_STRING = 512;

/** Fits one object in `maxBytes`: shortens long string values, else refuses with a clear error. */
export function fitObject(value: unknown, maxBytes: number, what: string): { value: unknown; truncated?: Truncation } {
  if (jsonSize(value) <= maxBytes) return { value };
  const shortened = shorten(value, 0);
  if (jsonSize(shortened) <= maxBytes) return { value: shortened, truncated: { reason: 'bytes', limit: maxBytes } };
  throw new ToolError('result_too_large', `${what} is larger than the limit of ${maxBytes} bytes even with long values shortened; ask for less (a list with selectors, or another object)`);
}

function shorten(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length > SHORT_STRING ? `${value.slice(0, SHORT_STRING)}…[${value.length - SHORT_STRING} more characters]` : value;
  if (depth > 100 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => shorten(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, shorten(child, depth + 1)]));
}

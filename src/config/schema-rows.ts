// One row per key of a zod schema, walked through its JSON Schema: what the generated references
// (docs/facts.md, docs/config.md) are made of, so both read the schemas the code runs on.
import { z } from 'zod';

type Node = { type?: string | string[]; format?: string; description?: string; default?: unknown; properties?: Record<string, Node>; items?: Node; anyOf?: Node[]; enum?: unknown[] };

export interface SchemaRow {
  name: string;
  type: string;
  description: string;
  default?: unknown;
}

export function schemaRows(schema: z.ZodType, path: string, io: 'input' | 'output'): SchemaRow[] {
  const rows: SchemaRow[] = [];
  walk(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Node, path, rows);
  return rows;
}

/** A table cell: pipes escaped, one line. */
export const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function walk(node: Node, path: string, rows: SchemaRow[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const name = `${path}.${key}`;
    const alternatives = (child.anyOf ?? [child]).filter((c) => c.type !== 'null');
    const resolved = alternatives.find((c) => c.properties) ?? alternatives[0] ?? child;
    const fallback = child.default ?? resolved.default;
    rows.push({ name, type: [...new Set(alternatives.map(typeName))].join(' or '), description: child.description ?? resolved.description ?? '', ...(fallback !== undefined ? { default: fallback } : {}) });
    if (resolved.properties) walk(resolved, name, rows);
    if (resolved.items?.properties) walk(resolved.items, `${name}[]`, rows);
  }
}

function typeName(node: Node): string {
  // Durations and sizes take a number or text with a unit (config/duration.ts).
  if (node.format === 'duration' || node.format === 'size') return node.format;
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  if (type === 'array') return `list of ${node.items ? typeName(node.items) : 'any'}`;
  if (type === 'object') return node.properties ? 'object' : 'map';
  if (type === 'integer' || type === 'number') return 'number';
  if (node.enum) return node.enum.map((e) => `"${String(e)}"`).join(' \\| ');
  return type ?? 'any';
}

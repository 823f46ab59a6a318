// The fact reference for policy authors, generated from the packs' zod schemas (the same schemas
// the CEL environment is typed from), so the document and the engine cannot drift apart.
import { z } from 'zod';
import type { FactNamespace } from './cel-env.ts';

type Node = { type?: string | string[]; description?: string; properties?: Record<string, Node>; items?: Node; anyOf?: Node[]; enum?: unknown[] };

const COMMON: FactNamespace[] = [
  {
    key: 'target',
    schema: z.object({
      name: z.string().describe('The connection name from config'),
      type: z.string().describe('postgres, ssh or kubernetes'),
      labels: z.record(z.string(), z.string()).describe('Labels from config, e.g. target.labels["env"]'),
    }),
  },
  {
    key: 'principal',
    schema: z.object({
      id: z.string().describe('Who calls: the token subject, API key id, or configured stdio principal'),
      name: z.string().describe('Display name'),
      groups: z.array(z.string()).describe('Groups, e.g. "dba" in principal.groups'),
      kind: z.string().describe('human, agent or service'),
    }),
  },
];

export function renderFactReference(namespaces: readonly FactNamespace[]): string {
  const out = [
    '# Policy fact reference',
    '',
    'Generated from the fact schemas in code (`npm run docs:facts`); a test fails when this file is out of date.',
    'Every name below can be used in a rule\'s `when` condition (CEL). `tool` is the tool name (string).',
    '',
  ];
  for (const ns of [...COMMON, ...namespaces]) {
    out.push(`## \`${ns.key}\``, '', '| fact | type | meaning |', '| --- | --- | --- |');
    walk(z.toJSONSchema(ns.schema, { io: 'output', unrepresentable: 'any' }) as Node, ns.key, out);
    out.push('');
  }
  return out.join('\n');
}

function walk(node: Node, path: string, out: string[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const name = `${path}.${key}`;
    const resolved = child.anyOf?.find((c) => c.type !== 'null') ?? child;
    out.push(`| \`${name}\` | ${typeName(resolved)} | ${(child.description ?? resolved.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
    if (resolved.properties) walk(resolved, name, out);
    if (resolved.items?.properties) walk(resolved.items, `${name}[]`, out);
  }
}

function typeName(node: Node): string {
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  if (type === 'array') return `list of ${node.items ? typeName(node.items) : 'any'}`;
  if (type === 'object') return node.properties ? 'object' : 'map';
  if (type === 'integer' || type === 'number') return 'number';
  if (node.enum) return node.enum.map((e) => `"${String(e)}"`).join(' \\| ');
  return type ?? 'any';
}

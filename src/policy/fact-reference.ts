// The fact reference for policy authors, generated from the packs' zod schemas (the same schemas
// the CEL environment is typed from), so the document and the engine cannot drift apart.
import { z } from 'zod';
import { cell, schemaRows } from '../config/schema-rows.ts';
import type { FactNamespace } from './cel-env.ts';

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
    for (const row of schemaRows(ns.schema, ns.key, 'output')) out.push(`| \`${row.name}\` | ${row.type} | ${cell(row.description)} |`);
    out.push('');
  }
  return out.join('\n');
}

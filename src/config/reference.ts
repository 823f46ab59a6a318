// The configuration reference (docs/config.md), generated from the config schema and each pack's
// connection schema, so every key, default and description is the one the loader enforces.
import type { ToolPack } from '../pipeline/toolpack.ts';
import { ConfigSchema } from './schema.ts';
import { cell, schemaRows, type SchemaRow } from './schema-rows.ts';

export function renderConfigReference(packs: readonly ToolPack[]): string {
  const out = [
    '# Configuration reference',
    '',
    'Generated from the schemas in code (`npm run docs:facts`); a test fails when this file is out of date.',
    'Durations take `ms`, `s`, `m`, `h` or `d` (`30s`, `7d`); sizes `b`, `kb`, `mb` or `gb`. Secret references are `env:NAME` or `file:PATH`.',
    '',
    '## The config file',
    '',
    ...table(schemaRows(ConfigSchema, '', 'input').filter((r) => !r.name.startsWith('.connections.')).map((r) => ({ ...r, name: r.name.slice(1) }))),
  ];
  for (const pack of packs) {
    out.push('', `## Connections of type \`${pack.type}\``, '', `Besides \`type: ${pack.type}\`, \`labels\` and \`description\`:`, '');
    out.push(...table(schemaRows(pack.connectionSchema, 'connections.NAME', 'input')));
  }
  return `${out.join('\n')}\n`;
}

function table(rows: readonly SchemaRow[]): string[] {
  return ['| key | type | default | meaning |', '| --- | --- | --- | --- |', ...rows.map((r) => `| \`${r.name}\` | ${r.type} | ${r.default === undefined ? '' : cell(`\`${JSON.stringify(r.default)}\``)} | ${cell(r.description)} |`)];
}

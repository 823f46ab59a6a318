// The configuration reference (docs/config.md), generated from the config schema and each pack's
// connection schema, so every key, default and description is the one the loader enforces.
import type { ToolPack } from '../pipeline/toolpack.ts';
import { formatDuration, formatSize } from './duration.ts';
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
    ...table(withParsedDefaults(schemaRows(ConfigSchema, '', 'input').filter((r) => !r.name.startsWith('.connections.')).map((r) => ({ ...r, name: r.name.slice(1) })))),
  ];
  for (const pack of packs) {
    out.push('', `## Connections of type \`${pack.type}\``, '', `Besides \`type: ${pack.type}\`, \`labels\` and \`description\`:`, '');
    out.push(...table(schemaRows(pack.connectionSchema, 'connections.NAME', 'input')));
  }
  return `${out.join('\n')}\n`;
}

/**
 * A duration's or size's default is applied after its unit is read, so JSON Schema cannot show it:
 * it is read from what an empty config parses to, and written with its unit.
 */
function withParsedDefaults(rows: readonly SchemaRow[]): SchemaRow[] {
  const parsed: unknown = ConfigSchema.parse({});
  return rows.map((row) => {
    if (row.default !== undefined || (row.type !== 'duration' && row.type !== 'size')) return row;
    const value = row.name.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], parsed);
    if (typeof value !== 'number') return row;
    return { ...row, default: row.type === 'duration' ? formatDuration(value) : formatSize(value) };
  });
}

function table(rows: readonly SchemaRow[]): string[] {
  return ['| key | type | default | meaning |', '| --- | --- | --- | --- |', ...rows.map((r) => `| \`${r.name}\` | ${r.type} | ${r.default === undefined ? '' : cell(`\`${JSON.stringify(r.default)}\``)} | ${cell(r.description)} |`)];
}

// gatehouse next to the reference PostgreSQL MCP server (@modelcontextprotocol/server-postgres
// 0.6.2: tool `query`, the database URL as its argument, stdio only; it runs the SQL in a READ ONLY
// transaction and answers with the rows as indented JSON text, with no masking, audit or limits).
// The same statements as the overhead bench at 1 row and 1,000 rows, over stdio, alternating call
// by call in one run. gatehouse runs as installed (the compiled build) with masking and audit on.
// The reference is found in node_modules, or at REFERENCE_PG_SERVER (the path of its dist/index.js).
// Run directly with `npx tsx bench/reference.ts`, or through benchReference() from the bench runner.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../test/fixtures/gatehouse.ts';
import { createTestDatabase } from '../test/fixtures/postgres.ts';
import { useBuiltGatehouse } from './built.ts';
import { startMcpChild, type McpChild } from './mcp-child.ts';
import { alternate, ms, SIZES, startAll, startGatehouse, type CallResult, type Contender } from './overhead.ts';
import { createBenchTable } from './overhead-table.ts';
import type { BenchResult } from './shell.ts';

const REFERENCE_PACKAGE = '@modelcontextprotocol/server-postgres';

function referenceServerPath(): string | undefined {
  const configured = process.env.REFERENCE_PG_SERVER;
  if (configured) return configured;
  try {
    return createRequire(join(ROOT, 'package.json')).resolve(`${REFERENCE_PACKAGE}/dist/index.js`);
  } catch {
    return undefined;
  }
}

/** The reference answers with the rows as one JSON array in a text block. */
function referenceRows(result: CallResult): number | undefined {
  const rows: unknown = JSON.parse(result.content?.[0]?.text ?? 'null');
  return Array.isArray(rows) ? rows.length : undefined;
}

export async function benchReference(): Promise<BenchResult[]> {
  const server = referenceServerPath();
  if (!server) {
    // Said, not thrown: the rest of a bench run keeps its figures.
    console.error(`reference bench skipped: install ${REFERENCE_PACKAGE}@0.6.2 (npm i -D ${REFERENCE_PACKAGE}@0.6.2) or set REFERENCE_PG_SERVER to its dist/index.js`);
    return [];
  }
  useBuiltGatehouse();
  const db = await createTestDatabase();
  try {
    if (db.kind !== 'postgres') throw new Error('the reference bench needs a real PostgreSQL server (PG_TEST_URL)');
    await createBenchTable(db);
    // The reference reads its URL from the first argument; the '--stdio' the launcher appends is ignored.
    const children = await startAll([startGatehouse(db.url, 'stdio'), startMcpChild([server, db.url], 'stdio')]);
    const [gatehouseChild, referenceChild] = children as [McpChild, McpChild];
    try {
      const gatehouse: Contender = { name: 'gatehouse', child: gatehouseChild, args: (sql) => ({ connection: 'bench', sql }), masks: true };
      const reference: Contender = { name: 'reference', child: referenceChild, tool: 'query', args: (sql) => ({ sql }), masks: false, rowsOf: referenceRows };
      const results: BenchResult[] = [];
      for (const size of SIZES.filter((s) => s.rows <= 1000)) {
        const samples = await alternate([gatehouse, reference], size);
        const ours = samples.get(gatehouse.name) ?? [];
        const theirs = samples.get(reference.name) ?? [];
        const prefix = `reference stdio ${size.label}`;
        results.push(
          { name: `${prefix}: gatehouse p50`, value: ms(ours, 0.5), unit: 'ms' },
          { name: `${prefix}: reference p50`, value: ms(theirs, 0.5), unit: 'ms' },
          { name: `${prefix}: gatehouse/reference p50 (goal: at most 100)`, value: (100 * ms(ours, 0.5)) / ms(theirs, 0.5), unit: '% of reference' },
        );
      }
      return results;
    } finally {
      await Promise.all(children.map((child) => child.stop()));
    }
  } finally {
    await db.drop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await benchReference()) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}`);
}

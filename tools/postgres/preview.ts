// What a reviewed write would change, for the approver: the call run in a transaction that is
// rolled back (a dry run), when nothing it runs can act outside that transaction; the planner's
// estimate when code would run that a rollback may not undo (a trigger's), and for a single
// statement only; otherwise no preview, with the reason. A dry run holds its row locks for at most
// a second of waiting and a few seconds of work, and its count becomes the approved call's ceiling.
// A dry run also reads back a few of the rows it changed (preview-sample.ts), raw: the core masks them.
import type pg from 'pg';
import type { ExecuteContext, Impact } from '../../src/pipeline/toolpack.ts';
import type { SqlFacts } from './classify/index.ts';
import type { PostgresConnection } from './connection.ts';
import { leaseClient } from './lease.ts';
import { changedRows, cleanSession, preamble, readAll, reseed } from './query.ts';
import { SAMPLE_BYTES, SAMPLE_ROWS, sampleChanged, sampleOf } from './preview-sample.ts';
import { deleteReturningAll } from './preview-returning.ts';

const DRY_RUN_MS = 5000;
const LOCK_WAIT_MS = 1000;
const PLAIN_DML = new Set(['select', 'insert', 'update', 'delete', 'merge']);

export async function previewQuery(conn: PostgresConnection, sql: string, params: unknown[], facts: SqlFacts, ctx: ExecuteContext): Promise<Impact> {
  const opaque = codeThatMayEscape(facts);
  if (opaque && !plannable(facts)) return { method: 'none', note: `no dry run: ${opaque}` };
  const timeoutMs = Math.min(ctx.limits.timeoutMs, DRY_RUN_MS);
  const lease = await leaseClient(conn, false, timeoutMs, ctx.signal);
  let broken: Error | undefined;
  try {
    return await lease.run(async (client) => {
      const trigger = opaque ? undefined : await triggerOn(client, facts.writtenTables);
      await client.query(`${preamble(timeoutMs, false)}; SET LOCAL lock_timeout = ${LOCK_WAIT_MS}`);
      try {
        if (opaque || trigger) return await estimate(client, sql, params, opaque ?? `${trigger} may act outside the transaction`);
        // A single DELETE runs with RETURNING * added (and nothing else changed), to show some rows it deletes.
        const deleting = deleteReturningAll(sql);
        const limits = deleting ? { ...ctx.limits, maxRows: SAMPLE_ROWS, maxBytes: SAMPLE_BYTES } : { ...ctx.limits, maxRows: 0 };
        const ran = await readAll(client, deleting ?? sql, { limits, readOnly: false }, params);
        const { statements = [] } = ran;
        const rows = changedRows(statements);
        // A copy of a protected value may land in any column, under any name: such a write shows no rows.
        const copied = facts.protected.copied;
        if (copied.length > 0) return { method: 'dry run', rows, statements, note: `no sample of changed rows: the write stores values of protected columns (${copied.join(', ')})` };
        const deleted = deleting ? await sampleOf(conn, client, ran, facts.writtenTables.join(', '), true) : undefined;
        const { samples, missed } = deleted ? { samples: [deleted], missed: [] } : await sampleChanged(conn, client, facts.writtenTables, ctx);
        const note = missed.length > 0 ? { note: `the changed rows of ${missed.join(', ')} could not be read back in time` } : {};
        return { method: 'dry run', rows, statements, ...(samples.length > 0 ? { samples } : {}), ...note };
      } finally {
        await client.query(`ROLLBACK; ${reseed()}`);
        broken = await cleanSession(client);
      }
    });
  } catch (error) {
    // Why it failed may quote values: the approver is told only that it did, and its SQLSTATE.
    return { method: 'none', note: `the dry run failed${sqlState(error)}` };
  } finally {
    lease.release(broken);
  }
}

/** Why running the call might act outside its transaction, or undefined when it cannot. */
function codeThatMayEscape(facts: SqlFacts): string | undefined {
  if (!facts.parsed) return 'the SQL does not parse';
  if (facts.transactionControl) return 'it controls transactions itself';
  if (facts.callsUserFunctions || facts.customOperators.length > 0) return 'it calls functions whose code is not visible here';
  if (facts.sideEffectFunctions.length > 0 || facts.dangerousFunctions.length > 0) return `it calls ${[...facts.sideEffectFunctions, ...facts.dangerousFunctions].join(', ')}`;
  if (Object.values(facts.danger).some(Boolean)) return 'it runs code or changes settings a rollback may not undo';
  if (facts.clientCopy || facts.foreignSessionObjects.length > 0) return 'it cannot run here';
  const other = facts.statements.find((s) => !PLAIN_DML.has(s.kind));
  if (other) return `a ${other.kind.replaceAll('_', ' ')} statement is not previewed`;
  return undefined;
}

/**
 * One plain statement whose plan runs no code that is not built in: planning may fold an immutable
 * function, so a user function could run even under EXPLAIN.
 */
function plannable(facts: SqlFacts): boolean {
  const top = facts.statements.filter((s) => !s.nested);
  return facts.parsed && top.length === 1 && PLAIN_DML.has(top[0]?.kind ?? '') && !facts.callsUserFunctions && facts.customOperators.length === 0;
}

/**
 * What on a written table could act outside the transaction, as "trigger t on orders": user
 * triggers and rules on it or on any table its rows may be routed to (partitions, children), and
 * relations whose writes land elsewhere (views, foreign tables).
 */
async function triggerOn(client: pg.PoolClient, tables: readonly string[]): Promise<string | undefined> {
  if (tables.length === 0) return undefined;
  const found = await client.query<{ what: string }>(
    `WITH RECURSIVE written AS (
       SELECT pg_catalog.to_regclass(x)::oid AS oid FROM unnest($1::text[]) AS x
       UNION SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN written w ON i.inhparent = w.oid)
     SELECT what FROM (
       SELECT 'trigger ' || t.tgname || ' on ' || t.tgrelid::regclass AS what FROM pg_catalog.pg_trigger t JOIN written w ON t.tgrelid = w.oid WHERE NOT t.tgisinternal
       UNION ALL
       SELECT 'rule ' || r.rulename || ' on ' || r.ev_class::regclass FROM pg_catalog.pg_rewrite r JOIN written w ON r.ev_class = w.oid WHERE r.rulename <> '_RETURN'
       UNION ALL
       SELECT CASE c.relkind WHEN 'f' THEN 'foreign table ' ELSE 'view ' END || c.oid::regclass FROM pg_catalog.pg_class c JOIN written w ON c.oid = w.oid WHERE c.relkind IN ('v', 'f')
       UNION ALL
       SELECT 'unknown relation' FROM written WHERE oid IS NULL) found
     LIMIT 1`,
    [tables],
  );
  return found.rows[0]?.what;
}

/** The planner's row estimate for one statement (planning runs none of its triggers). */
async function estimate(client: pg.PoolClient, sql: string, params: unknown[], why: string): Promise<Impact> {
  const explained = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>({ text: `EXPLAIN (FORMAT JSON) ${sql}`, ...(params.length > 0 ? { values: params } : {}) });
  const plan = explained.rows[0]?.['QUERY PLAN'][0]?.Plan;
  const node = plan?.['Node Type'] === 'ModifyTable' ? plan.Plans?.[0] : plan;
  return { method: 'estimate', rows: Math.round(node?.['Plan Rows'] ?? 0), note: `no dry run: ${why}` };
}

interface PlanNode {
  'Node Type': string;
  'Plan Rows': number;
  Plans?: PlanNode[];
}

function sqlState(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? ` (SQLSTATE ${code})` : '';
}

// `gatehouse postgres masked-views`: the database itself as a second wall behind gatehouse's masking,
// in the spirit of PostgreSQL Anonymizer's dynamic masking. A schema of views mirrors every table;
// in them each column a masking column rule covers is replaced by a masked expression; a role may
// read those views and nothing else of the tables. An agent whose connection logs in as that role
// cannot read a protected value, whatever its SQL and whatever lineage concludes about it.
// The SQL is printed for the operator (and, with --apply, run in one transaction); it is idempotent.
import { ToolError, type PackCommand, type PackCommandInput } from '../../src/pipeline/toolpack.ts';
import type { MaskingStyle } from '../../src/masking/index.ts';
import type { PostgresConnection } from './connection.ts';
import { toToolError } from './errors.ts';
import { runInTransaction } from './operator-sql.ts';

export interface ViewColumn {
  /** As the catalog stores it: what column rules match. */
  name: string;
  quoted: string;
  /** The SQL type a masked value is cast to: a domain's base type, which may not refuse it. */
  baseType: string;
  /** The base type is a string type, so it can hold a redaction or a partial value. */
  text: boolean;
}

export interface MirroredTable {
  /** The table's schema, quoted as needed. */
  schema: string;
  /** "public.customers", quoted as needed: what column rules match, and what the view reads. */
  table: string;
  /** The table's own name, quoted as needed: the view's name. */
  name: string;
  columns: ViewColumn[];
}

export interface MaskedViewsOptions {
  schema: string;
  role: string;
  columnStyle: PackCommandInput['columnStyle'];
}

/** Names written into the SQL unchanged, so they must be plain lower-case identifiers. */
const PLAIN_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Every table, partitioned ones through their parent; views, foreign tables and matviews are not mirrored. */
const tablesSql = (schema: string) => `
SELECT quote_ident(n.nspname), quote_ident(n.nspname) || '.' || quote_ident(c.relname), quote_ident(c.relname),
       (SELECT coalesce(json_agg(json_build_object(
                 'name', a.attname, 'quoted', quote_ident(a.attname),
                 'baseType', format_type(b.oid, CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END),
                 'text', b.typcategory = 'S') ORDER BY a.attnum), '[]')
          FROM pg_catalog.pg_attribute a
          JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
          JOIN pg_catalog.pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
   AND n.nspname NOT IN ('pg_catalog', 'information_schema', '${schema}') AND n.nspname NOT LIKE 'pg\\_%'
 ORDER BY 2`;

const REDACTED = "'[REDACTED]'";

/** SQLSTATE of the check that the role cannot read a protected column: its message names columns, never values. */
const WALL_BREACHED = 'GH001';

/**
 * The partial style as gatehouse writes it for a column (styles.ts, "infer"): one email address
 * keeps its first character and its domain; a value of digits and layout only keeps its last 4
 * digits when it is a card (12-19 digits, Luhn), its last 2 when it may be a phone (7-15 digits);
 * anything else, free text included, is redacted. Pure and not privileged: it runs as the caller.
 */
const partialFunction = (schema: string) => `CREATE OR REPLACE FUNCTION "${schema}".partial_mask(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $gatehouse$
  SELECT CASE
    WHEN value ~ '^[!-?A-~]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{0,58}[A-Za-z0-9])$'
         AND length(value) - strpos(value, '@') <= 253
      THEN left(value, 1) || '***' || substr(value, strpos(value, '@'))
    WHEN value !~ '^[0-9[:space:]().+-]+$' THEN ${REDACTED}
    WHEN digits BETWEEN 12 AND 19 AND luhn THEN regexp_replace(value, '[0-9](?=(?:[^0-9]*[0-9]){4})', '*', 'g')
    WHEN digits BETWEEN 7 AND 15 THEN regexp_replace(value, '[0-9](?=(?:[^0-9]*[0-9]){2})', '*', 'g')
    ELSE ${REDACTED}
  END
  FROM (SELECT length(regexp_replace(value, '[^0-9]', '', 'g')) AS digits) AS counted,
  LATERAL (SELECT coalesce(sum(CASE WHEN i % 2 = 0 THEN (2 * d::int) % 10 + (2 * d::int) / 10 ELSE d::int END) % 10 = 0, false) AS luhn
             FROM regexp_split_to_table(reverse(regexp_replace(value, '[^0-9]', '', 'g')), '') WITH ORDINALITY AS s(d, i)
            WHERE d <> '') AS checked
$gatehouse$`;

/** The masked expression for one protected column; the view keeps the column's name. */
function maskedExpression(column: ViewColumn, style: MaskingStyle, schema: string): string {
  const cast = `::${column.baseType}`;
  // A value of another type cannot hold a redaction or a partial value: it becomes NULL.
  if (!column.text || style === 'null') return `NULL${cast}`;
  if (style === 'partial') return `"${schema}".partial_mask(${column.quoted}::text)${cast}`;
  // redact, and pseudonym too: the pseudonym key stays with gatehouse, never in the database.
  return `CASE WHEN ${column.quoted} IS NULL THEN NULL ELSE ${REDACTED} END${cast}`;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A dollar-quoted body whose tag the body does not contain (table names are not the operator's choice alone). */
function dollarQuoted(body: string): string {
  let tag = 'gatehouse';
  while (body.includes(`$${tag}$`)) tag += '_';
  return `$${tag}$\n${body}\n$${tag}$`;
}

/** A comment line that no name can end early. */
function comment(text: string): string {
  return `-- ${text.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, '?')}`;
}

/** The statements, without BEGIN/COMMIT: printed inside them, or run inside the --apply transaction. */
export function maskedViewsSql(tables: readonly MirroredTable[], options: MaskedViewsOptions): string[] {
  const { schema, role } = options;
  const names = new Map<string, string>();
  for (const { table, name } of tables) {
    const other = names.get(name);
    if (other !== undefined) throw new ToolError('invalid_arguments', `tables ${other} and ${table} would both be mirrored as ${schema}.${name}; masked-views mirrors tables whose names differ across schemas`);
    names.set(name, table);
  }
  const statements = [`CREATE SCHEMA IF NOT EXISTS "${schema}"`, partialFunction(schema)];
  const protectedColumns: Array<[string, string]> = [];
  for (const { table, name, columns } of tables) {
    const notes: string[] = [];
    const list = columns.map((column) => {
      const style = options.columnStyle(table, column.name);
      if (style === undefined) return column.quoted;
      protectedColumns.push([table, column.name]);
      notes.push(comment(`${table}.${column.name}: ${style}`));
      return `${maskedExpression(column, style, schema)} AS ${column.quoted}`;
    });
    statements.push(`${notes.map((n) => `${n}\n`).join('')}CREATE OR REPLACE VIEW "${schema}".${name} AS\n  SELECT ${list.join(',\n         ')}\n    FROM ${table}`);
  }
  statements.push('DO ' + dollarQuoted(`BEGIN\n  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${literal(role)}) THEN\n    CREATE ROLE "${role}" LOGIN;\n  END IF;\nEND`));
  for (const source of new Set(tables.map((t) => t.schema))) statements.push(`REVOKE ALL ON ALL TABLES IN SCHEMA ${source} FROM "${role}"`);
  statements.push(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
  if (tables.length > 0) statements.push(`GRANT SELECT ON ${tables.map(({ name }) => `"${schema}".${name}`).join(', ')} TO "${role}"`);
  statements.push(`ALTER ROLE "${role}" SET search_path = "${schema}"`);
  // The wall is checked before it is committed: a grant to PUBLIC, a role the new one belongs to,
  // or superuser would still let it read the protected columns, and then nothing is changed.
  if (protectedColumns.length > 0) {
    const rows = protectedColumns.map(([table, column]) => `(${literal(table)}, ${literal(column)})`).join(', ');
    statements.push(
      'DO ' +
        dollarQuoted(
          `DECLARE\n  readable text;\nBEGIN\n  SELECT string_agg(c.tbl || '.' || c.col, ', ') INTO readable\n    FROM (VALUES ${rows}) AS c(tbl, col)\n   WHERE has_column_privilege(${literal(role)}, c.tbl, c.col, 'SELECT');\n` +
            `  IF readable IS NOT NULL THEN\n    RAISE EXCEPTION 'role ${role} can still read % directly (granted to PUBLIC, to a role it belongs to, or it is a superuser); nothing was changed', readable\n      USING ERRCODE = '${WALL_BREACHED}';\n  END IF;\nEND`,
        ),
    );
  }
  return statements;
}

export function maskedViewsScript(statements: readonly string[], header: readonly string[]): string {
  return [...header.map(comment), 'BEGIN;', ...statements.map((statement) => `${statement};`), 'COMMIT;', ''].join('\n');
}

function nameOption(value: string | boolean | undefined, flag: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !PLAIN_NAME.test(value)) throw new ToolError('invalid_arguments', `${flag} takes a lower-case name (letters, digits, _)`);
  return value;
}

export const maskedViewsCommand: PackCommand<PostgresConnection> = {
  async run(conn, input) {
    const schema = nameOption(input.options.schema, '--schema', 'gatehouse_masked');
    const role = nameOption(input.options.role, '--role', 'gatehouse_agent');
    const transaction = { timeoutMs: input.timeoutMs };
    try {
      const rows = await runInTransaction(conn, tablesSql(schema), transaction);
      const tables = rows.map(([tableSchema, table, name, columns]) => ({ schema: tableSchema, table, name, columns }) as MirroredTable);
      const statements = maskedViewsSql(tables, { schema, role, columnStyle: input.columnStyle });
      const header = [
        `gatehouse postgres masked-views for ${conn.where}: views in schema ${schema} mirror its ${tables.length} tables, with the`,
        `columns the masking profile's column rules cover masked; role ${role} may read those views, none of the tables.`,
        'Run it as a role that may create roles and read every table. Then give the role a password',
        `(ALTER ROLE ${role} PASSWORD ...) and point the gatehouse connection's url at it.`,
      ];
      if (input.options.apply !== true) return maskedViewsScript(statements, header);
      await runInTransaction(conn, statements.join(';\n'), { ...transaction, write: true });
      return `${maskedViewsScript(statements, header)}${comment(`applied to ${conn.where} in one transaction`)}\n`;
    } catch (error) {
      const { code, message } = error as { code?: unknown; message?: string };
      if (code === WALL_BREACHED) throw new ToolError('backend_error', (message ?? '').replace(/\p{Cc}/gu, '?'));
      throw toToolError(error, conn.where, input.timeoutMs);
    }
  },
};

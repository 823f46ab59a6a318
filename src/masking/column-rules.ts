// Column rules: which result columns are masked whole. A column is identified by its source
// (`table` + `column`, when the backend reports them) and by its result name; a rule matches if
// either identity fits, so `SELECT password AS x FROM users` is still caught by "*password*"
// (through the source column) and a computed column named "email" by "*.email" (whose table glob
// "*" also covers columns without a known table). An unqualified table matches any schema:
// when in doubt, mask.
import type { ResultColumn } from '../pipeline/result.ts';
import type { ColumnProtection } from '../pipeline/toolpack.ts';
import { compileGlob, isMatchAll, type NameMatcher } from './glob.ts';
import type { ColumnRule } from './profile-schema.ts';

export type ColumnRuleMatcher = (column: ResultColumn) => ColumnRule | undefined;

interface CompiledColumnPattern {
  rule: ColumnRule;
  schema?: NameMatcher;
  table?: NameMatcher;
  column: NameMatcher;
  /** Whether the pattern also fits a column whose table is unknown. */
  fitsUnknownTable: boolean;
}

function compilePattern(rule: ColumnRule): CompiledColumnPattern {
  const parts = rule.match.split('.');
  const column = compileGlob(parts[parts.length - 1] ?? '');
  if (parts.length === 1) return { rule, column, fitsUnknownTable: true };
  const table = compileGlob(parts[parts.length - 2] ?? '');
  const schemaPattern = parts.length === 3 ? (parts[0] ?? '') : '*';
  return {
    rule,
    schema: compileGlob(schemaPattern),
    table,
    column,
    fitsUnknownTable: isMatchAll(schemaPattern) && isMatchAll(parts[parts.length - 2] ?? ''),
  };
}

function tableFits(pattern: CompiledColumnPattern, table: string | undefined): boolean {
  if (pattern.table === undefined) return true;
  if (table === undefined || table === '') return pattern.fitsUnknownTable;
  const dot = table.lastIndexOf('.');
  const tableName = table.slice(dot + 1);
  const schema = dot >= 0 ? table.slice(0, dot) : undefined;
  return pattern.table(tableName) && (schema === undefined || (pattern.schema?.(schema) ?? true));
}

export function compileColumnRules(rules: readonly ColumnRule[]): ColumnRuleMatcher {
  const patterns = rules.map(compilePattern);
  return (column) => {
    for (const pattern of patterns) {
      if (!tableFits(pattern, column.table)) continue;
      if (pattern.column(column.name) || (column.column !== undefined && pattern.column(column.column))) return pattern.rule;
    }
    return undefined;
  };
}

/** "public.customers.email" when the source is known, else the result name. */
export function columnLabel(column: ResultColumn): string {
  return column.table !== undefined && column.column !== undefined ? `${column.table}.${column.column}` : column.name;
}

/**
 * The rules as a protection of source columns (table and column only, not result names): what a
 * pack asks when it follows a result column back to the columns it was computed from.
 */
export function compileProtection(rules: readonly ColumnRule[]): ColumnProtection {
  const patterns = rules.map(compilePattern);
  return {
    column: (table, column) => patterns.some((p) => tableFits(p, table) && p.column(column)),
    table: (table) => patterns.some((p) => tableFits(p, table)),
    any: patterns.length > 0,
  };
}

/** Protected when any of the protections says so: what every profile together covers. */
export function unionProtection(protections: readonly ColumnProtection[]): ColumnProtection {
  return {
    column: (table, column) => protections.some((p) => p.column(table, column)),
    table: (table) => protections.some((p) => p.table(table)),
    any: protections.some((p) => p.any),
  };
}

// How lineage learns what a relation name in FROM is. At classification nothing but the name is
// known (no I/O before policy); at execution the catalog tells the columns and a view's query.
import type { ColumnLineage } from './sources.ts';

export interface RelationInfo {
  /** The relation's identity in source keys: "public.customers" at execution, the name as written before. */
  key: string;
  /** Column names in order, when known. */
  columns?: readonly string[];
  /** A view's (or materialized view's) query as a parse-tree node: its columns derive through it. */
  view?: unknown;
  /** Reading it shows values of any column anywhere (column statistics, other sessions' statements). */
  exposesAll?: boolean;
  /** Another schema holds a relation of the same name: once the search path may have changed, the bare name could mean that one. */
  shadowed?: true;
  /**
   * Generated columns: the server computes each from these columns of the same row; null when its
   * expression also calls code whose body is not visible (so it may be made of anything).
   */
  generated?: Readonly<Record<string, readonly string[] | null>>;
  /**
   * What a write stores may be changed by code the statement does not show (a user trigger, a rule,
   * a default calling a user function, a child table's own): what its RETURNING shows is not known.
   */
  rewritten?: true;
  /** A default reads session state: a write stores there what the call may have put in it (session-state.ts). */
  defaultsReadState?: true;
  /** A view's column lineage, once computed (resolvers cache RelationInfo, so views are analyzed once). */
  viewLineage?: ColumnLineage[];
  /** What chose a view's rows, computed with its lineage (row-choice.ts). */
  viewChosen?: ReadonlySet<string>;
}

export interface RelationResolver {
  /** The relation `schema.name` names; undefined when it does not exist (fail closed: everything). */
  resolve(schema: string | undefined, name: string): RelationInfo | undefined;
  /**
   * User code (a function or operator outside pg_catalog that someone without superuser could have
   * written) bears this name: a bare call of it may reach that code instead of the built-in, since
   * the server prefers whichever fits the argument types better, wherever it stands on the path.
   * Known at execution only; before it, names are taken for the built-ins they spell.
   */
  userNamesake?(name: string): boolean;
}

/**
 * Catalog relations and built-in functions whose rows hold values copied from other tables:
 * planner statistics keep the most common values and histogram bounds of every column, and
 * activity views (and the function under them) show other sessions' statements with their literals.
 */
const VALUE_EXPOSING = new Set(['pg_stats', 'pg_stats_ext', 'pg_stats_ext_exprs', 'pg_statistic', 'pg_statistic_ext_data', 'pg_stat_activity', 'pg_stat_statements', 'pg_stat_get_activity']);

export function exposesValues(schema: string | undefined, name: string): boolean {
  return (schema === undefined || schema === 'pg_catalog' || schema === 'public') && VALUE_EXPOSING.has(name);
}

/** Before execution: a relation is its name as written; its columns are unknown. */
export const NAME_ONLY_RESOLVER: RelationResolver = {
  resolve: (schema, name) => ({ key: schema ? `${schema}.${name}` : name, ...(exposesValues(schema, name) ? { exposesAll: true } : {}) }),
};

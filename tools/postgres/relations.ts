// The catalog's view of relation names, for lineage at execution: each name a call (or a view it
// reads) uses becomes its schema-qualified identity, its columns in order and, for a view, its
// query parsed. Cached per connection, and checked against the catalog at every call: the database
// can redefine a view, rename a table or shadow a name between two calls, and masking must follow
// what a name means now, not what it meant when it was cached.
import type pg from 'pg';
import { parseSql } from './classify/parser.ts';
import { BETWEEN_OPERATORS } from './classify/builtin-functions.ts';
import { isObject, stringsOf } from './classify/tree.ts';
import { castName, exposesValues, type RelationInfo, type RelationResolver } from './lineage/index.ts';

const CACHE_MS = 5 * 60_000;
/** Views reading views: names are loaded this many rounds deep, then the rest fail closed. */
const MAX_ROUNDS = 16;

interface Row {
  input: string;
  stamp: string | null;
  namesakes: string | null;
  /** The relation's inheritance line, root first and itself last (key form). */
  line: string[] | null;
  columns: string[] | null;
  view: string | null;
  generated: Record<string, string[] | null> | null;
  rewritten: boolean | null;
  state_defaults: boolean | null;
}

export interface Stamp {
  stamp: string | null;
  namesakes: string | null;
}

/**
 * Changes whenever what lineage reads of a relation may have: the oid the name resolves to (a name
 * shadowed, or dropped and created again), its pg_class row (CREATE OR REPLACE VIEW, a rename, a
 * partition attached) and its attributes (a column renamed, a parent inherited: attinhcount), its
 * triggers, rules and defaults (what a write stores, and a generated column's expression).
 */
const STAMP = `c.oid::text || ' ' || c.xmin::text || ' ' || (SELECT max(a.xmin::text::bigint) FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid)::text
  || ' ' || (SELECT count(*) || ':' || coalesce(max(t.xmin::text::bigint), 0) FROM pg_catalog.pg_trigger t WHERE t.tgrelid = c.oid)
  || ' ' || (SELECT count(*) || ':' || coalesce(max(w.xmin::text::bigint), 0) FROM pg_catalog.pg_rewrite w WHERE w.ev_class = c.oid)
  || ' ' || (SELECT count(*) || ':' || coalesce(max(d.xmin::text::bigint), 0) FROM pg_catalog.pg_attrdef d WHERE d.adrelid = c.oid)`;
/** How many relations bear the name in any schema: a changed search path could reach any of them. */
const NAMESAKES = `(SELECT count(*) FROM pg_catalog.pg_class o WHERE o.relname = c.relname AND o.relkind IN ('r', 'v', 'm', 'p', 'f', 'S'))::text`;
/**
 * Which of the names user code bears: functions and operators outside pg_catalog (namespace 11),
 * and casts ("::type") to a type of that name done by a function (someone owning the type chose it),
 * except code only a superuser can write (languages internal, 12, and C, 13: fixed oids, so the
 * query plans in a fraction of a millisecond). An aggregate's own language says nothing (its steps
 * are other functions, anyone's), so every aggregate outside pg_catalog is user code.
 */
const USER_NAMESAKES = (names: string) =>
  `SELECT ARRAY(SELECT p.proname::text FROM pg_catalog.pg_proc p
                 WHERE p.proname = ANY(${names}::pg_catalog.name[]) AND p.pronamespace <> 11 AND (p.prokind = 'a' OR p.prolang NOT IN (12, 13)))
       || ARRAY(SELECT o.oprname::text FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_proc p ON p.oid = o.oprcode
                 WHERE o.oprname = ANY(${names}::pg_catalog.name[]) AND o.oprnamespace <> 11 AND p.prolang NOT IN (12, 13))
       || ARRAY(SELECT '::' || t.typname FROM pg_catalog.pg_cast c JOIN pg_catalog.pg_type t ON t.oid = c.casttarget JOIN pg_catalog.pg_proc p ON p.oid = c.castfunc
                 WHERE '::' || t.typname = ANY(${names}) AND p.prolang NOT IN (12, 13)) AS namesakes`;
/** What the catalog records default `ad` (a generated column's expression too) depends on: columns of its row, functions, types. */
const DEPENDS = `pg_catalog.pg_depend dep WHERE dep.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND dep.objid = ad.oid`;
const ON_CLASS = `dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass`;
/** Generated columns, each with the other columns of its row its expression reads, or null when it calls anything but built-ins. */
const GENERATED = `(SELECT pg_catalog.jsonb_object_agg(a.attname, CASE WHEN EXISTS (SELECT 1 FROM ${DEPENDS} AND NOT ${ON_CLASS}) THEN NULL
          ELSE pg_catalog.to_jsonb(ARRAY(SELECT b.attname::text FROM pg_catalog.pg_attribute b, ${DEPENDS} AND ${ON_CLASS}
                                         AND b.attrelid = dep.refobjid AND b.attnum = dep.refobjsubid AND b.attnum <> ad.adnum)) END)
        FROM pg_catalog.pg_attrdef ad JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
        WHERE ad.adrelid = c.oid AND a.attgenerated <> '')`;
/**
 * Code that may change what a write stores, unseen by the statement: a trigger someone created, a
 * rule (a view's own _RETURN is its query), a default calling a function (a generated column's is
 * its own lineage), a column's domain whose default does, and child tables (their
 * triggers run for rows routed to them).
 */
const REWRITTEN = `(c.relhassubclass OR EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal)
        OR EXISTS (SELECT 1 FROM pg_catalog.pg_rewrite w WHERE w.ev_class = c.oid AND w.rulename <> '_RETURN')
        OR EXISTS (SELECT 1 FROM pg_catalog.pg_attrdef ad JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum, ${DEPENDS}
                   AND ad.adrelid = c.oid AND a.attgenerated = '' AND dep.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass)
        OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_depend dep ON dep.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
                     AND dep.objid = a.atttypid AND dep.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))`;
/** A default that reads session state (`DEFAULT current_setting('app.user')`): what a call stored there comes back through RETURNING. */
const STATE_DEFAULTS = `EXISTS (SELECT 1 FROM pg_catalog.pg_attrdef ad WHERE ad.adrelid = c.oid
        AND pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) ~ '(current_setting|current_schemas?|currval|lastval|pg_lock_status|pg_show_all_settings)\\(')`;
const resolving = (names: string) => `FROM unnest(${names}::text[]) AS r(input) LEFT JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(r.input)`;

export class RelationCatalog implements RelationResolver {
  private known = new Map<string, RelationInfo | null>();
  private stamps = new Map<string, Stamp>();
  /**
   * The names each cached relation is read through, taken once at load: a view's relations and a
   * table's ancestors (a change above it changes the root its rules come from).
   */
  private through = new Map<string, string[]>();
  /** The bare function and operator names each cached view's query calls. */
  private routines = new Map<string, string[]>();
  private loadedAt = Date.now();

  /**
   * Loads every relation the statements name, and what the views among them name, in rounds, and
   * learns which of the function and operator names they call user code bears. `opening`: SQL the
   * call sends first in any case (its transaction's start); the checks go in the same round trip.
   * The call's lineage resolves through forCall(the answer).
   */
  load(client: pg.PoolClient, statements: readonly unknown[], opening: string): Promise<CatalogCheck> {
    return this.loadNames(client, treeNames(statements), statements.length > 1, opening);
  }

  /**
   * As load, from the names (treeNames) of statements parsed elsewhere (a worker thread).
   * `several`: the call has more than one statement, so whether another schema holds a name
   * (RelationInfo.shadowed) must be current too.
   */
  async loadNames(client: pg.PoolClient, names: CallNames, several: boolean, opening: string): Promise<CatalogCheck> {
    if (Date.now() - this.loadedAt > CACHE_MS) {
      this.known.clear();
      this.stamps.clear();
      this.through.clear();
      this.routines.clear();
      this.loadedAt = Date.now();
    }
    const checked = new Set([...names.routines, ...this.viewRoutines(this.reachable(names.relations))]);
    const namesakes = await this.forgetChanged(client, names.relations, checked, several, opening);
    await this.loadRelations(client, names.relations);
    // Views loaded just now may call names not checked yet: only on a cache miss, one more query.
    const unchecked = [...this.viewRoutines(this.reachable(names.relations))].filter((name) => !checked.has(name));
    if (unchecked.length > 0) for (const name of await this.userNamesakes(client, unchecked)) namesakes.add(name);
    const stamps = new Map<string, Stamp>();
    for (const name of this.reachable(names.relations)) {
      const stamp = this.stamps.get(name);
      if (stamp?.stamp) stamps.set(name, stamp);
    }
    return { names: [...checked, ...unchecked], namesakes, stamps };
  }

  /** The resolver for one call's lineage: relations as cached, names of routines as the call's check found them. */
  forCall(check: CatalogCheck): RelationResolver {
    return { resolve: (schema, name) => this.resolve(schema, name), userNamesake: (name) => check.namesakes.has(name) };
  }

  /**
   * What the call's own statements changed under its lineage, asked before its COMMIT: names of
   * `check` user code bears now and did not, and relations that existed when it was made and are
   * defined otherwise now (a view replaced, a column renamed, a trigger created). One round trip.
   */
  async changedSince(client: pg.PoolClient, check: CatalogCheck): Promise<{ namesakes: string[]; relations: string[] }> {
    const relations = [...check.stamps];
    const list = (items: readonly string[], type = 'text') => `ARRAY[${items.map((item) => client.escapeLiteral(item)).join(', ')}]::${type}[]`;
    // Each relation by the oid it had (a statement may have changed the search path since), and
    // whether another relation took its name (a temporary view named like a table comes first).
    const oids = relations.map(([, known]) => known.stamp?.split(' ')[0] ?? '0');
    const queries = [
      ...(relations.length > 0
        ? [`SELECT r.input, ${STAMP} AS stamp, ${NAMESAKES} AS namesakes FROM unnest(${list(relations.map(([name]) => name))}, ${list(oids, 'oid')}) AS r(input, oid) LEFT JOIN pg_catalog.pg_class c ON c.oid = r.oid`]
        : []),
      ...(check.names.length > 0 ? [USER_NAMESAKES(list(check.names))] : []),
    ];
    if (queries.length === 0) return { namesakes: [], relations: [] };
    const answers = [(await client.query(queries.join('; '))) as unknown as pg.QueryResult | pg.QueryResult[]].flat();
    const stamps = relations.length > 0 ? (answers[0]?.rows as Array<Stamp & { input: string }>) : [];
    const namesakes = check.names.length > 0 ? ((answers.at(-1)?.rows[0] as { namesakes: string[] } | undefined)?.namesakes ?? []) : [];
    return {
      namesakes: namesakes.filter((name) => !check.namesakes.has(name)),
      relations: stamps.filter((row) => row.stamp !== check.stamps.get(row.input)?.stamp || row.namesakes !== check.stamps.get(row.input)?.namesakes).map((row) => row.input),
    };
  }

  private async loadRelations(client: pg.PoolClient, names: ReadonlySet<string>): Promise<void> {
    let pending = new Set(names);
    for (let round = 0; round < MAX_ROUNDS && pending.size > 0; round++) {
      const unseen = [...pending].filter((name) => !this.known.has(name));
      if (unseen.length === 0) break;
      const { rows } = await client.query<Row>(
        // A partition or an inheriting table is named by its root: rules on the table cover its parts.
        `SELECT r.input, ${STAMP} AS stamp, ${NAMESAKES} AS namesakes,
                (WITH RECURSIVE up(oid, depth) AS (SELECT c.oid, 0 UNION ALL
                      SELECT i.inhparent, up.depth + 1 FROM pg_catalog.pg_inherits i JOIN up ON i.inhrelid = up.oid WHERE up.depth < 32)
                 SELECT array_agg(quote_ident(rn.nspname) || '.' || quote_ident(rc.relname) ORDER BY up.depth DESC) FROM up
                   JOIN pg_catalog.pg_class rc ON rc.oid = up.oid JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace) AS line,
                CASE WHEN c.oid IS NULL THEN NULL ELSE ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) END AS columns,
                CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END AS view,
                ${GENERATED} AS generated, ${REWRITTEN} AS rewritten, ${STATE_DEFAULTS} AS state_defaults
         ${resolving('$1')}`,
        [unseen],
      );
      pending = new Set();
      for (const row of rows) {
        const info = this.info(row);
        this.known.set(row.input, info);
        this.stamps.set(row.input, { stamp: row.stamp, namesakes: row.namesakes });
        const inView = info?.view !== undefined ? treeNames([info.view]) : undefined;
        const through = [...(row.line?.slice(0, -1) ?? []), ...(inView?.relations ?? [])];
        if (through.length > 0) this.through.set(row.input, through);
        if (inView) this.routines.set(row.input, [...inView.routines]);
        for (const name of through) pending.add(name);
      }
    }
  }

  resolve(schema: string | undefined, name: string): RelationInfo | undefined {
    return resolveIn(this.known, schema, name);
  }

  /**
   * One query per call: the stamps of every cached name the call reads, through the views it reads
   * and the tables they inherit from. If any changed, all of them are read again, since a view's
   * text names its columns through the relations below it (a view whose own row is unchanged prints
   * differently once a column under it is renamed).
   */
  private async forgetChanged(client: pg.PoolClient, names: ReadonlySet<string>, routines: ReadonlySet<string>, several: boolean, opening: string): Promise<Set<string>> {
    const cached = this.reachable(names);
    // Literals, not parameters: several statements go as one simple query. escapeLiteral writes
    // backslashes in E'' form, read alike whatever standard_conforming_strings was before `opening`.
    const list = (items: Iterable<string>) => `ARRAY[${[...items].map((name) => client.escapeLiteral(name)).join(', ')}]::text[]`;
    const check = cached.length > 0 ? `; SELECT r.input, ${STAMP} AS stamp${several ? `, ${NAMESAKES} AS namesakes` : ''} ${resolving(list(cached))}` : '';
    const sent = (await client.query(`${opening}${check}; ${USER_NAMESAKES(list(routines))}`)) as unknown as pg.QueryResult[];
    const namesakes = new Set((sent[sent.length - 1]?.rows[0] as { namesakes: string[] } | undefined)?.namesakes);
    if (cached.length === 0) return namesakes;
    const rows = (sent[sent.length - 2]?.rows ?? []) as Array<Stamp & { input: string }>;
    const same = (row: Stamp & { input: string }) => {
      const known = this.stamps.get(row.input);
      return known !== undefined && row.stamp === known.stamp && (!several || row.namesakes === known.namesakes);
    };
    if (rows.length === cached.length && rows.every(same)) return namesakes;
    for (const name of cached) {
      this.known.delete(name);
      this.stamps.delete(name);
      this.through.delete(name);
      this.routines.delete(name);
    }
    return namesakes;
  }

  private async userNamesakes(client: pg.PoolClient, routines: readonly string[]): Promise<string[]> {
    // One query of its own (parameters): the extended protocol runs it inside the call's transaction.
    const { rows } = await client.query<{ namesakes: string[] }>(USER_NAMESAKES('$1'), [routines]);
    return rows[0]?.namesakes ?? [];
  }

  private viewRoutines(relations: readonly string[]): Set<string> {
    return new Set(relations.flatMap((name) => this.routines.get(name) ?? []));
  }

  /** The cached names among `names`, and those the cached views among them read or inherit from, transitively. */
  private reachable(names: ReadonlySet<string>): string[] {
    const found = new Set<string>();
    const pending = [...names];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (found.has(name) || !this.known.has(name)) continue;
      found.add(name);
      pending.push(...(this.through.get(name) ?? []));
    }
    return [...found];
  }

  /**
   * What `names` and the views among them resolve to, as plain data for a worker thread (see
   * SnapshotResolver). Views' lineage caches are left out: they hold sets the worker recomputes.
   */
  snapshot(names: ReadonlySet<string>): Array<[string, RelationInfo | null]> {
    const entries = new Map<string, RelationInfo | null>();
    const pending = [...names];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (entries.has(name) || !this.known.has(name)) continue;
      const info = this.known.get(name) ?? null;
      entries.set(name, info && { ...info, viewLineage: undefined });
      pending.push(...(this.through.get(name) ?? []));
    }
    return [...entries];
  }

  private info(row: Row): RelationInfo | null {
    const key = row.line?.[0];
    if (key === undefined || row.columns === null) return null;
    const info: RelationInfo = {
      key,
      columns: row.columns,
      ...(Number(row.namesakes) > 1 ? { shadowed: true as const } : {}),
      ...(row.generated ? { generated: row.generated } : {}),
      ...(row.rewritten ? { rewritten: true as const } : {}),
      ...(row.state_defaults ? { defaultsReadState: true as const } : {}),
    };
    if (row.view !== null) {
      const parsed = parseSql(row.view);
      // A view whose text does not parse here is kept with no query: its columns then fail closed.
      info.view = parsed.ok && parsed.statements.length === 1 ? parsed.statements[0]?.stmt : { unreadable: true };
    }
    return info;
  }
}

/** Resolves against a catalog snapshot taken on the main thread: the same answers as the catalog. */
export class SnapshotResolver implements RelationResolver {
  private readonly known: Map<string, RelationInfo | null>;
  private readonly namesakes: Set<string>;

  constructor(entries: Array<[string, RelationInfo | null]>, namesakes: readonly string[]) {
    this.known = new Map(entries);
    this.namesakes = new Set(namesakes);
  }

  resolve(schema: string | undefined, name: string): RelationInfo | undefined {
    return resolveIn(this.known, schema, name);
  }

  userNamesake(name: string): boolean {
    return this.namesakes.has(name);
  }
}

function resolveIn(known: ReadonlyMap<string, RelationInfo | null>, schema: string | undefined, name: string): RelationInfo | undefined {
  if (exposesValues(schema, name)) return { key: name, exposesAll: true };
  return known.get(qualified(schema, name)) ?? undefined;
}

/** The quoted form to_regclass reads back exactly as the parser gave the name. */
function qualified(schema: string | undefined, name: string): string {
  const quote = (part: string) => `"${part.replace(/"/g, '""')}"`;
  return schema === undefined ? quote(name) : `${quote(schema)}.${quote(name)}`;
}

/** What a call's lineage was worked out with: the function and operator names checked, those user code bore, and the relations' stamps. */
export interface CatalogCheck {
  names: readonly string[];
  namesakes: ReadonlySet<string>;
  /** Each relation lineage read that existed then (to_regclass form): its stamp, and how many relations bore its name. */
  stamps: ReadonlyMap<string, Stamp>;
}

/** What a call's SQL names: relations (to_regclass form) and functions and operators called by a bare name. */
export interface CallNames {
  relations: Set<string>;
  routines: Set<string>;
}

/**
 * Every relation name in a tree (CTE names too: they resolve before the catalog is asked), and
 * every bare function and operator name, with "=" always: CASE, USING and IN compare by it unseen.
 */
export function treeNames(trees: readonly unknown[]): CallNames {
  const names: CallNames = { relations: new Set(), routines: new Set(['=']) };
  const stack: unknown[] = [...trees];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      stack.push(...value);
      continue;
    }
    if (!isObject(value)) continue;
    if (typeof value.relname === 'string') {
      const schema = typeof value.schemaname === 'string' && value.schemaname !== '' ? value.schemaname : undefined;
      names.relations.add(qualified(schema, value.relname));
    }
    // FuncCall.funcname, A_Expr.name, SubLink.operName: a bare name is one String node.
    for (const key of ROUTINE_FIELDS) {
      const parts = stringsOf(value[key]);
      if (parts.length === 1) for (const name of BETWEEN_OPERATORS[parts[0] as string] ?? parts) names.routines.add(name);
    }
    // TypeCast.typeName: a cast to a type someone owns may run their function, whatever schema the type is in.
    const cast = isObject(value.TypeCast) ? castName(value.TypeCast) : undefined;
    if (cast !== undefined) names.routines.add(cast);
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  return names;
}

const ROUTINE_FIELDS = ['funcname', 'name', 'operName'] as const;


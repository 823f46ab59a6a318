// The catalog's view of relation names, for lineage at execution: each name a call (or a view it
// reads) uses becomes its schema-qualified identity, its columns in order and, for a view, its
// query parsed. Cached per connection, and checked against the catalog at every call: the database
// can redefine a view, rename a table or shadow a name between two calls, and masking must follow
// what a name means now, not what it meant when it was cached.
import type pg from 'pg';
import { parseSql } from './classify/parser.ts';
import { isObject } from './classify/tree.ts';
import { exposesValues, type RelationInfo, type RelationResolver } from './lineage/index.ts';

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
}

interface Stamp {
  stamp: string | null;
  namesakes: string | null;
}

/**
 * Changes whenever what lineage reads of a relation may have: the oid the name resolves to (a name
 * shadowed, or dropped and created again), its pg_class row (CREATE OR REPLACE VIEW, a rename, a
 * partition attached) and its attributes (a column renamed, a parent inherited: attinhcount).
 */
const STAMP = `c.oid::text || ' ' || c.xmin::text || ' ' || (SELECT max(a.xmin::text::bigint) FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid)::text`;
/** How many relations bear the name in any schema: a changed search path could reach any of them. */
const NAMESAKES = `(SELECT count(*) FROM pg_catalog.pg_class o WHERE o.relname = c.relname AND o.relkind IN ('r', 'v', 'm', 'p', 'f', 'S'))::text`;
const resolving = (names: string) => `FROM unnest(${names}::text[]) AS r(input) LEFT JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(r.input)`;

export class RelationCatalog implements RelationResolver {
  private known = new Map<string, RelationInfo | null>();
  private stamps = new Map<string, Stamp>();
  /**
   * The names each cached relation is read through, taken once at load: a view's relations and a
   * table's ancestors (a change above it changes the root its rules come from).
   */
  private through = new Map<string, string[]>();
  private loadedAt = Date.now();

  /**
   * Loads every relation the statements name, and what the views among them name, in rounds.
   * `opening`: SQL the call sends first in any case (its transaction's start); the check of the
   * cache goes in the same round trip.
   */
  load(client: pg.PoolClient, statements: readonly unknown[], opening: string): Promise<void> {
    return this.loadNames(client, relationNames(statements), statements.length > 1, opening);
  }

  /**
   * As load, from the names (relationNames) of statements parsed elsewhere (a worker thread).
   * `several`: the call has more than one statement, so whether another schema holds a name
   * (RelationInfo.shadowed) must be current too.
   */
  async loadNames(client: pg.PoolClient, names: ReadonlySet<string>, several: boolean, opening: string): Promise<void> {
    if (Date.now() - this.loadedAt > CACHE_MS) {
      this.known.clear();
      this.stamps.clear();
      this.through.clear();
      this.loadedAt = Date.now();
    }
    await this.forgetChanged(client, names, several, opening);
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
                CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END AS view
         ${resolving('$1')}`,
        [unseen],
      );
      pending = new Set();
      for (const row of rows) {
        const info = this.info(row);
        this.known.set(row.input, info);
        this.stamps.set(row.input, { stamp: row.stamp, namesakes: row.namesakes });
        const through = [...(row.line?.slice(0, -1) ?? []), ...(info?.view !== undefined ? relationNames([info.view]) : [])];
        if (through.length > 0) this.through.set(row.input, through);
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
  private async forgetChanged(client: pg.PoolClient, names: ReadonlySet<string>, several: boolean, opening: string): Promise<void> {
    const cached = this.reachable(names);
    if (cached.length === 0) {
      await client.query(opening);
      return;
    }
    // Literals, not parameters: several statements go as one simple query. escapeLiteral writes
    // backslashes in E'' form, read alike whatever standard_conforming_strings was before `opening`.
    const list = `ARRAY[${cached.map((name) => client.escapeLiteral(name)).join(', ')}]`;
    const check = `SELECT r.input, ${STAMP} AS stamp${several ? `, ${NAMESAKES} AS namesakes` : ''} ${resolving(list)}`;
    const sent = (await client.query(`${opening}; ${check}`)) as unknown as pg.QueryResult[];
    const rows = (sent[sent.length - 1]?.rows ?? []) as Array<Stamp & { input: string }>;
    const same = (row: Stamp & { input: string }) => {
      const known = this.stamps.get(row.input);
      return known !== undefined && row.stamp === known.stamp && (!several || row.namesakes === known.namesakes);
    };
    if (rows.length === cached.length && rows.every(same)) return;
    for (const name of cached) {
      this.known.delete(name);
      this.stamps.delete(name);
      this.through.delete(name);
    }
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
      entries.set(name, info && { key: info.key, ...(info.columns ? { columns: info.columns } : {}), ...(info.view !== undefined ? { view: info.view } : {}), ...(info.shadowed ? { shadowed: true } : {}) });
      if (info?.view !== undefined) pending.push(...relationNames([info.view]));
    }
    return [...entries];
  }

  private info(row: Row): RelationInfo | null {
    const key = row.line?.[0];
    if (key === undefined || row.columns === null) return null;
    const info: RelationInfo = { key, columns: row.columns, ...(Number(row.namesakes) > 1 ? { shadowed: true as const } : {}) };
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

  constructor(entries: Array<[string, RelationInfo | null]>) {
    this.known = new Map(entries);
  }

  resolve(schema: string | undefined, name: string): RelationInfo | undefined {
    return resolveIn(this.known, schema, name);
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

/** Every relation name in a tree, in to_regclass form (CTE names too: they resolve before the catalog is asked). */
export function relationNames(trees: readonly unknown[]): Set<string> {
  const names = new Set<string>();
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
      names.add(qualified(schema, value.relname));
    }
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  return names;
}

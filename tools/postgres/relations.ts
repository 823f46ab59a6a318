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
  key: string | null;
  shadowed: boolean | null;
  columns: string[] | null;
  view: string | null;
}

/**
 * What a name resolves to, and a stamp that changes whenever what lineage reads of it may have
 * changed: the oid it resolves to (a name shadowed, or dropped and created again), its pg_class row's
 * xmin (CREATE OR REPLACE VIEW, a rename), its attributes' newest xmin (a column renamed) and the
 * root it is read by (inheritance changed), and how many relations bear its name (one created in
 * another schema). NULL where the name resolves to nothing.
 */
const RESOLVED = `
   FROM unnest($1::text[]) AS r(input)
   LEFT JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(r.input)
   LEFT JOIN LATERAL (
     -- A partition or an inheriting table is named by its root: rules on the table cover its parts.
     WITH RECURSIVE up(oid, depth) AS (SELECT c.oid, 0 UNION ALL
          SELECT i.inhparent, up.depth + 1 FROM pg_catalog.pg_inherits i JOIN up ON i.inhrelid = up.oid WHERE up.depth < 32)
     SELECT quote_ident(rn.nspname) || '.' || quote_ident(rc.relname) AS key FROM up
       JOIN pg_catalog.pg_class rc ON rc.oid = up.oid JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
      ORDER BY up.depth DESC LIMIT 1) k ON true
   LEFT JOIN LATERAL (SELECT count(*) AS namesakes FROM pg_catalog.pg_class o WHERE o.relname = c.relname AND o.relkind IN ('r', 'v', 'm', 'p', 'f', 'S')) h ON true
   LEFT JOIN LATERAL (
     SELECT c.oid::text || ' ' || c.xmin::text || ' ' || k.key || ' ' || h.namesakes::text || ' ' ||
            (SELECT max(a.xmin::text::bigint) FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid)::text AS stamp) s ON true`;

export class RelationCatalog implements RelationResolver {
  private known = new Map<string, RelationInfo | null>();
  private stamps = new Map<string, string | null>();
  private loadedAt = Date.now();

  /** Loads every relation the statements name, and what the views among them name, in rounds. */
  load(client: pg.PoolClient, statements: readonly unknown[]): Promise<void> {
    return this.loadNames(client, relationNames(statements));
  }

  /** As load, from the names (relationNames) of statements parsed elsewhere (a worker thread). */
  async loadNames(client: pg.PoolClient, names: ReadonlySet<string>): Promise<void> {
    if (Date.now() - this.loadedAt > CACHE_MS) {
      this.known.clear();
      this.stamps.clear();
      this.loadedAt = Date.now();
    }
    await this.forgetChanged(client, names);
    let pending = new Set(names);
    for (let round = 0; round < MAX_ROUNDS && pending.size > 0; round++) {
      const unseen = [...pending].filter((name) => !this.known.has(name));
      if (unseen.length === 0) break;
      const { rows } = await client.query<Row>(
        `SELECT r.input, s.stamp, k.key, h.namesakes > 1 AS shadowed,
                CASE WHEN c.oid IS NULL THEN NULL ELSE ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) END AS columns,
                CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END AS view
         ${RESOLVED}`,
        [unseen],
      );
      pending = new Set();
      for (const row of rows) {
        const info = this.info(row);
        this.known.set(row.input, info);
        this.stamps.set(row.input, row.stamp);
        if (info?.view !== undefined) for (const name of relationNames([info.view])) pending.add(name);
      }
    }
  }

  resolve(schema: string | undefined, name: string): RelationInfo | undefined {
    return resolveIn(this.known, schema, name);
  }

  /**
   * One query per call: the stamps of every cached name the call reads, through the views it
   * reads. If any changed, all of them are read again, since a view's text names its columns
   * through the relations below it (a view whose own row is unchanged prints differently once a
   * column under it is renamed).
   */
  private async forgetChanged(client: pg.PoolClient, names: ReadonlySet<string>): Promise<void> {
    const cached = this.reachable(names);
    if (cached.length === 0) return;
    const { rows } = await client.query<{ input: string; stamp: string | null }>(`SELECT r.input, s.stamp ${RESOLVED}`, [cached]);
    if (rows.every((row) => row.stamp === this.stamps.get(row.input))) return;
    for (const name of cached) {
      this.known.delete(name);
      this.stamps.delete(name);
    }
  }

  /** The cached names among `names`, and those the cached views among them read, transitively. */
  private reachable(names: ReadonlySet<string>): string[] {
    const found = new Set<string>();
    const pending = [...names];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (found.has(name) || !this.known.has(name)) continue;
      found.add(name);
      const view = this.known.get(name)?.view;
      if (view !== undefined) pending.push(...relationNames([view]));
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
    if (row.key === null || row.columns === null) return null;
    const info: RelationInfo = { key: row.key, columns: row.columns, ...(row.shadowed ? { shadowed: true as const } : {}) };
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

// Built-in types: converting a value to one runs only PostgreSQL's own code. A type not listed here
// may be a domain (its CHECK constraints call any function), a type with a cast someone wrote, or a
// composite whose columns are such types, so naming it counts as calling user code. Names are as
// the parser gives them: keywords come qualified with pg_catalog under their catalog name
// (integer -> pg_catalog.int4, double precision -> pg_catalog.float8), other names come bare.
// The list is deliberately common rather than complete; a missing type costs a review, never a
// wrong allow.
import { stringsOf, type NodeBody } from './tree.ts';

const TYPES = `
bool int2 int4 int8 float4 float8 numeric money oid xid xid8 cid tid
text varchar bpchar char name bytea bit varbit
date time timetz timestamp timestamptz interval
json jsonb jsonpath xml uuid tsvector tsquery
inet cidr macaddr macaddr8 point line lseg box path polygon circle
int4range int8range numrange tsrange tstzrange daterange
int4multirange int8multirange nummultirange tsmultirange tstzmultirange datemultirange
regclass regtype regproc regprocedure regoper regoperator regnamespace regrole regcollation regconfig regdictionary
pg_lsn pg_snapshot txid_snapshot record refcursor unknown void trigger event_trigger
any anyelement anyarray anynonarray anyenum anyrange anymultirange anycompatible anycompatiblearray
anycompatiblenonarray anycompatiblerange anycompatiblemultirange
serial serial4 serial8 bigserial smallserial serial2
`;

const BUILTIN_TYPES: ReadonlySet<string> = new Set(TYPES.split(/\s+/).filter(Boolean));

/** Whether a type name (a TypeName's names) is a built-in type, unqualified or qualified with pg_catalog. */
export function isBuiltinType(names: readonly string[]): boolean {
  const [first, second] = names;
  if (names.length === 1) return BUILTIN_TYPES.has(first as string);
  return names.length === 2 && first === 'pg_catalog' && BUILTIN_TYPES.has(second as string);
}

/**
 * A TypeName's body: wrapped ({"TypeName": ...}, PREPARE's parameters) or bare in the fields whose
 * type is fixed (TypeCast.typeName, ColumnDef.typeName), where only it has a list of names.
 */
export function isTypeName(type: string, body: NodeBody): boolean {
  return type === 'TypeName' || (type === '' && Array.isArray(body.names));
}

/** The name of the type a TypeName's body names, when that type is not built in (no name: not built in). */
export function userTypeName(body: NodeBody): string | undefined {
  const names = stringsOf(body.names);
  return isBuiltinType(names) ? undefined : names.join('.');
}

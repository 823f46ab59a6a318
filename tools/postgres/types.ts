// Value parsing: results must be plain JSON for masking, rendering and audit. Dates and times stay
// the server's text (no time-zone surprises), bytea stays hex text, everything else uses pg's parsers.
import pg from 'pg';

const KEEP_TEXT = new Set([
  17, // bytea
  1082, // date
  1083, // time
  1114, // timestamp
  1184, // timestamptz
  1186, // interval
  1266, // timetz
  1115, // timestamp[]
  1182, // date[]
  1185, // timestamptz[]
]);

const identity = (value: string) => value;

export const jsonSafeTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (KEEP_TEXT.has(oid) ? identity : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser,
};

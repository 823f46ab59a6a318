// The structured results tool packs return. They keep the structure masking needs:
// each column's table and column identity, stdout/stderr apart, objects with their kind.

/** One result column; `table` and `column` name its source when the backend tells us. */
export interface ResultColumn {
  name: string;
  type: string;
  /** Schema-qualified source table, e.g. "public.customers", when the column comes straight from one. */
  table?: string;
  /** The source column's name in that table. */
  column?: string;
  /**
   * The column shows a stored column as it is (SQL lineage followed it to a table's column), not
   * a value the statement computed: a number split over cells is not looked for in it.
   */
  stored?: true;
  /**
   * Protected source columns this column's values are computed from (a function, cast, operator,
   * aggregate or subquery over them): masked whole, whatever its values look like.
   */
  derivedFrom?: string[];
}

/** Why a result was cut short, told to the agent. */
export interface Truncation {
  reason: 'rows' | 'bytes';
  limit: number;
}

export interface TableResult {
  kind: 'table';
  columns: ResultColumn[];
  rows: unknown[][];
  /** The statement's command tag (SELECT, UPDATE, ...) and how many rows it touched. */
  command: string;
  rowCount: number;
  truncated?: Truncation;
}

export interface ProcessResult {
  kind: 'process';
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal?: string;
  truncated?: Truncation;
  /** asciicast-style output events for replay: [seconds since start, "o" | "e", text]. */
  events?: Array<[number, 'o' | 'e', string]>;
}

export interface DocumentResult {
  kind: 'document';
  /** Any JSON value: schema listings, Kubernetes objects, host lists. */
  value: unknown;
  truncated?: Truncation;
  note?: string;
}

export type ToolResult = TableResult | ProcessResult | DocumentResult;

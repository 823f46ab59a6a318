// The one contract every tool pack implements. The core knows packs only through this file:
// adding a backend touches tools/ and the pack list, nothing else in src/.
import type { z } from 'zod';
import type { MaskingStyle } from '../masking/index.ts';
import type { TableResult, ToolResult } from './result.ts';

/** A configured backend the agent names in its call (a database, a host, a cluster). */
export interface Target {
  name: string;
  type: string;
  labels: Record<string, string>;
  /** The operator's words on this target, shown to agents in tools/list. */
  description?: string;
}

/** Limits the decision sets for one execution; packs must stay inside them. */
export interface Limits {
  timeoutMs: number;
  maxRows: number;
  maxBytes: number;
}

/** MCP tool annotations, as the spec names them. */
export interface ToolHints {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface ToolSpec {
  name: string;
  title: string;
  description: string;
  /** Arguments, validated before anything else looks at them. */
  input: z.ZodObject;
  /** The argument that names the target connection; absent for tools that act on the pack itself. */
  targetArg?: string;
  hints: ToolHints;
}

/** What a pack learns about a call without side effects: the facts policy decides on. */
export interface Classification {
  /** Facts under the pack's own key, e.g. `{ sql: {...} }`. Must be plain JSON. */
  facts: Record<string, unknown>;
  /** True only when the whole call provably reads. Packs enforce it again at execution. */
  readOnly: boolean;
  /** Normalized shape of the call (same shape, different literals => same value), for grants. */
  shape: string;
  /** What may differ between calls of this shape, in words for the approver ("the value id is compared equal to"); absent: only spelling. */
  grantVaries?: string[];
  /** The shape with file operands free, for a grant the approver widens to other files; absent: nothing to widen. */
  widenedShape?: string;
  /** One line for people: approvers and auditors. */
  summary: string;
  /** The pack's own analysis for execution (a parse tree); never recorded or shown. */
  internal?: unknown;
}

/**
 * Which source columns the masking rules cover ("protected"), for packs that can tell what a
 * result derives from. Tables are named as the pack knows them ("public.customers", or as written).
 */
export interface ColumnProtection {
  column(table: string, column: string): boolean;
  /** Some column of `table` may be covered: for a table whose columns are not known. */
  table(table: string): boolean;
  /** Some column anywhere is covered: for what cannot be decided. */
  readonly any: boolean;
}

/** What the core lends a pack's classifier besides the call. */
export interface ClassifyContext {
  /** Columns protected by any masking profile: a call's facts say how it uses them. */
  protection: ColumnProtection;
}

/** What the core tells a pack at start. */
export interface PackInit {
  largeInputs: LargeInputs;
}

/** Worker threads for inputs too large for the event loop (server.largeInputs). */
export interface LargeInputs {
  /** 0: every input is handled in place. */
  threads: number;
  /** Inputs at least this long (characters) go to a worker. */
  minChars: number;
  /** A worker that takes longer is ended and the call refused. */
  timeoutMs: number;
  /** Heap of each worker; past it the worker dies and the call is refused. */
  maxHeapMb: number;
}

/** What the core lends a classification made on a worker thread. */
export interface OffThreadContext extends ClassifyContext {
  /** Whose turn it is among the callers waiting for a worker. */
  principal: string;
  /** Counts the worker's time on the call against the principal's share. */
  spend(ms: number): void;
}

export interface ExecuteContext {
  limits: Limits;
  /** The call was decided as a read: the pack must execute it so that a write cannot commit. */
  readOnly: boolean;
  signal: AbortSignal;
  /** The classification the decision was made on, so packs need not parse the call again. */
  classification?: Classification;
  /** Columns the decision's masking profile protects: a pack marks result columns derived from them (absent: treat all as protected). */
  protection?: ColumnProtection;
  /** The most rows a write may change: the dry run the approver saw. Past it the pack rolls back and refuses. */
  rowCeiling?: number;
}

/** What a reviewed call would do, as the approver is shown it. */
export interface Impact {
  /** `dry run`: executed and rolled back; `estimate`: the planner's guess; `none`: no safe way to tell. */
  method: 'dry run' | 'estimate' | 'none';
  /** Rows it would change (dry run) or that the planner expects (estimate). */
  rows?: number;
  /** Each statement's command and rows, in order. */
  statements?: Array<{ command: string; rows: number }>;
  /** What changes, one line each (a Kubernetes object's fields, a replica count). */
  changes?: string[];
  /** Why there is no dry run, in words. */
  note?: string;
  /** A few changed rows per table from the dry run, masked by the call's profile before anyone sees them. */
  samples?: ChangedSample[];
}

/** Some rows a dry run inserted or updated in one table, as they would be after the call; or rows it deletes. */
export interface ChangedSample {
  table: string;
  rows: TableResult;
  deleted?: true;
}

/** Error a pack throws for the agent: a stable code and a message written for the agent, never a secret. */
export class ToolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

/** Resolved secret values for one connection, by config key (e.g. `password`). */
export type Secrets = Record<string, string>;

/** What the core lends a pack when it opens a connection. */
export interface OpenContext {
  /** For operator warnings (e.g. an insecure setting); never for secrets. */
  logger: { warn(fields: object, message: string): void };
}

/** A pack's live handle on one configured connection (pools, clients). */
export interface Connection {
  close(): Promise<void>;
}

/** Values sampled from one column for `gatehouse masking scan`: given to the detectors, never printed. */
export interface ColumnSample {
  column: string;
  values: string[];
}

/** One table's sample; `skipped` says why the table could not be sampled (no privilege, a timeout). */
export interface TableSample {
  /** As result columns name their table ("public.customers"), so column rules match both alike. */
  table: string;
  columns: ColumnSample[];
  skipped?: string;
}

export interface SampleOptions {
  /** Values per column at most. */
  limit: number;
  /** Each statement's timeout. */
  timeoutMs: number;
}

/** An operator command a pack adds to the CLI as `gatehouse <type> <name> --connection NAME ...`. */
export interface PackCommand<C extends Connection = Connection> {
  /** Runs against one connection of the pack's type; returns what the command prints. */
  run(connection: C, input: PackCommandInput): Promise<string>;
}

export interface PackCommandInput {
  /** The command line's options as parsed; the command checks those it takes. */
  options: Readonly<Record<string, string | boolean | undefined>>;
  /** The style of the masking profile's column rule that covers a source column, if one does. */
  columnStyle(table: string, column: string): MaskingStyle | undefined;
  /** Each statement's timeout. */
  timeoutMs: number;
}

export interface ToolPack<C extends Connection = Connection, Cfg = Record<string, unknown>> {
  /** The connection `type` this pack serves, e.g. "postgres". */
  type: string;
  /** Fact namespace this pack fills in Classification.facts, e.g. "sql". */
  factsKey: string;
  /** Schema of those facts: policy conditions are type-checked against it and the fact reference is generated from it. */
  factsSchema: z.ZodObject;
  /**
   * Schema of a connection of this type, without the common keys (type, labels).
   * Secret-bearing keys are listed in `secretKeys` and hold secret references in config.
   */
  connectionSchema: z.ZodType<Cfg>;
  secretKeys: readonly string[];
  tools: ToolSpec[];
  /** Loads what classification needs (parsers), once at start before any call. */
  init?(options?: PackInit): Promise<void>;
  /** Builds the handle for one connection. Must not reach the backend yet: packs connect lazily. */
  open(target: Target, config: Cfg, secrets: Secrets, context?: OpenContext): C;
  /** Pure: no I/O, no throwing on odd input (a parse error is a fact). */
  classify(tool: string, args: Record<string, unknown>, context?: ClassifyContext): Classification;
  /**
   * Optional: the same classification made on a worker thread, for a call too large to classify
   * on the event loop; undefined for a call `classify` should take. A rejection refuses the call.
   */
  classifyOffThread?(tool: string, args: Record<string, unknown>, context: OffThreadContext): Promise<Classification> | undefined;
  execute(call: Invocation<C>, ctx: ExecuteContext): Promise<ToolResult>;
  /**
   * Optional: what a call sent to review would change, measured before a person decides (a dry run
   * rolled back, or an estimate), shown to approvers; a dry run's count caps what the approved call
   * and grants for it may change.
   */
  preview?(call: Invocation<C>, ctx: ExecuteContext): Promise<Impact>;
  /** Optional: samples, table by table, the columns that can hold personal data, for `gatehouse masking scan`. */
  sampleColumns?(connection: C, options: SampleOptions): AsyncIterable<TableSample>;
  /** Optional: operator commands, run as `gatehouse <type> <name>` (`gatehouse postgres masked-views`). */
  commands?: Readonly<Record<string, PackCommand<C>>>;
}

/** One call as the pack executes it; `target` and `connection` are absent for pack-level tools. */
export interface Invocation<C extends Connection = Connection> {
  tool: string;
  args: Record<string, unknown>;
  target?: Target;
  connection?: C;
  /** Every configured target of this pack's type, for listing tools. */
  targets: readonly Target[];
}

// Types shared by the tree walker and the rules it calls: where a node sits (its scope) and what a
// rule may do to the facts while its statement is open.
import type { FactCollector, StatementRecord } from './collector.ts';
import type { NodeBody } from './tree.ts';

/** Names of CTEs visible at a point in a statement, innermost WITH first. */
export interface CteScope {
  names: ReadonlySet<string>;
  parent: CteScope | undefined;
}

export interface Scope {
  /** How many times code was found inside code (a DO body, a string run by EXECUTE, ...). */
  codeDepth: number;
  /** False under a plain EXPLAIN: the statement is planned, not run. */
  executes: boolean;
  /** Inside another statement. */
  nested: boolean;
  ctes: CteScope | undefined;
}

export type TextOutcome = { ok: true; count: number } | { ok: false; error: string; position: number };

/** What rules and code readers may ask of the walker. */
export interface WalkHost {
  readonly facts: FactCollector;
  /** Text of the top-level statement of the text being walked (what PL/pgSQL is parsed from). */
  statementText(): string;
  /** Parses `text` and walks it as code nested in the current statement. */
  walkText(text: string, scope: Scope, asStatements: boolean): TextOutcome;
  /** Records a relation as referenced by every open statement (and written, when `written`). */
  addTable(name: string, written: boolean): void;
  /** Marks a RangeVar (wrapped or bare) as the target a statement writes (`update`: an UPDATE's). */
  markWritten(rangeVar: unknown, update?: NodeBody): void;
}

export interface RuleContext {
  host: WalkHost;
  facts: FactCollector;
  record: StatementRecord;
  /** Scope of the statement's own parts (nested: true). */
  scope: Scope;
}

/** A statement rule; it may return scopes for some fields (EXPLAIN's target, for one). */
export type StatementRule = (body: NodeBody, ctx: RuleContext) => Record<string, Scope> | void;

/** Scope for code found inside code: a fresh text with no CTEs in view. */
export function codeScope(scope: Scope): Scope {
  return { codeDepth: scope.codeDepth + 1, executes: scope.executes, nested: true, ctes: undefined };
}

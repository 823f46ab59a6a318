// The state of one classification: what has been found so far, the limits that bound the work,
// and the reasons the line cannot be trusted. A limit hit is an error, never a silent cut.
import { HiddenCode } from './hidden-code.ts';
import type { Field } from './fields.ts';
import type { Assignment, Found, RedirectUse } from './model.ts';
import { HOME } from './paths.ts';
import { cpuTimeMicros } from './parser.ts';

export const LIMITS = {
  /** Longest line accepted, in UTF-8 bytes. */
  maxInputBytes: 64 * 1024,
  /** Deepest re-parse (bash -c inside bash -c ...). */
  maxParseDepth: 4,
  /** Syntax nodes over all parses of one line. */
  maxNodes: 200_000,
  /** Commands found in one line. */
  maxCommands: 2_000,
  /** Words xargs takes from a stdin the line writes out; more fail the line rather than go unseen. */
  maxStdinWords: 256,
  /** Syntax nesting the walker follows (guards the stack). */
  maxNesting: 400,
  /**
   * Time the bash grammar may spend parsing one line, all its re-parses together: its lexer goes
   * back over some shapes of text ("a;((1))" repeated) in time that grows with the square of their
   * length, 27 s for 64 KB, all of it on the event loop. Ordinary lines take microseconds. Counted
   * in the process's CPU time, not the clock's: a host busy with other work must not refuse a line.
   */
  maxParseMs: 250,
} as const;

/** A call from one function to another, for fork bomb detection. */
export interface FunctionCall {
  from: string;
  to: string;
  /** The call runs in the background or in a pipeline: a new process each time. */
  async: boolean;
}

/** A word the line lists, with the directory it is read in. */
export interface Listed {
  field: Field;
  cwd: string | null;
}

export class Scan {
  readonly found: Found[] = [];
  readonly redirects: RedirectUse[] = [];
  /**
   * Every variable the line sets, whatever the form, for the history and read-only checks:
   * NAME=value at statement level or before a command, ${NAME:=value} in any word, for and select
   * variables, a command word after time, {NAME}>file, and (impliedAssignments) the names builtins
   * store into, also through a command named at run time or an alias. A name known only at run
   * time is RUN_TIME_NAME, which may be any. Arithmetic assigns through `arithmetic` instead, where
   * every name it mentions counts (arithmetic-values.ts finds the arithmetic the grammar hides).
   */
  readonly assignments: Assignment[] = [];
  readonly functions = new Set<string>();
  readonly calls: FunctionCall[] = [];
  /** Reasons the line may run code the scan cannot see (${x@P}, ${!x}). */
  readonly hiddenCode: string[] = [];
  /** Arithmetic contexts, judged once all assignments are known. */
  readonly arithmetic = new HiddenCode();
  readonly errors: string[] = [];
  parseDepth = 0;
  nodes = 0;
  /** The process's CPU time (cpuTimeMicros) at which parsing must have ended, for the whole line. */
  readonly parseDeadline = cpuTimeMicros() + LIMITS.maxParseMs * 1000;
  /** The line's own syntax tree with its words left out (skeleton.ts), for its grant shape. */
  skeleton = '';
  /** Words that name files without being a command's operands: loop lists and array elements. */
  readonly listed: Listed[] = [];
  /** Working directory as the line moves through cd; null once unknown. */
  cwd: string | null = HOME;
  private nextId = 1;
  private limitHit = false;

  /** A fresh id for a command, statement or pipeline. */
  id(): number {
    return this.nextId++;
  }

  fail(reason: string): void {
    if (!this.errors.includes(reason)) this.errors.push(reason);
  }

  /** True once a limit was hit: the walk stops adding work. */
  get stopped(): boolean {
    return this.limitHit;
  }

  /** Counts the nodes of a tree about to be walked; false (and an error) past the budget. */
  budgetNodes(count: number): boolean {
    this.nodes += count;
    if (this.nodes <= LIMITS.maxNodes) return true;
    this.fail(`line too complex (more than ${LIMITS.maxNodes} syntax nodes)`);
    this.limitHit = true;
    return false;
  }

  addFound(found: Found): boolean {
    if (this.found.length >= LIMITS.maxCommands) {
      this.fail(`too many commands (more than ${LIMITS.maxCommands})`);
      this.limitHit = true;
      return false;
    }
    this.found.push(found);
    return true;
  }

  noteHiddenCode(reason: string): void {
    if (!this.hiddenCode.includes(reason)) this.hiddenCode.push(reason);
  }
}

// State shared while one call's statements are analyzed: how relations resolve, how columns are
// used, which sources each open query has touched, and what cursors and prepared statements of
// this call return.
import type { RelationResolver } from './relations.ts';
import { addAll, NONE, UNKNOWN, type ColumnLineage } from './sources.ts';
import { Usage } from './usage.ts';

/** What one query returns: its columns (undefined when their number is unknown) and what it touched. */
export interface QueryOutput {
  columns?: Array<[string, ColumnLineage]>;
  /** Every source the query referenced anywhere (predicates and subqueries included). */
  used: ReadonlySet<string>;
  /** What chose and ordered its rows (row-choice.ts): read where it is named, counted or tested for rows. */
  chosen: ReadonlySet<string>;
}

export const UNKNOWN_OUTPUT: QueryOutput = Object.freeze({ used: UNKNOWN.sources, chosen: UNKNOWN.sources });
export const NO_ROWS_OUTPUT: QueryOutput = Object.freeze({ columns: [], used: NONE.sources, chosen: NONE.sources });

/** Past this depth of queries and expressions the analysis stops and fails closed. */
const MAX_DEPTH = 400;

export class LineageLimit extends Error {}

export class Analysis {
  readonly cursors = new Map<string, QueryOutput>();
  readonly prepared = new Map<string, QueryOutput & { guesses: ReadonlyMap<string, number> }>();
  private readonly reads: Array<Set<string>> = [];
  private depth = 0;
  viewDepth = 0;
  /**
   * A statement of the call has run before the one being read: it may have changed the search
   * path, or the role "$user" names (SET, set_config, a cursor moved over a function), so a bare
   * name another schema also holds is no longer known to mean what it resolves to now. Set too
   * while a prepared statement is read: it runs later, parsed again under the path of that time.
   */
  pathMayHaveChanged = false;
  /** The call may store a value it computed in session state: every read of it is unknown (session-state.ts). */
  stateHoldsValues = false;
  /** While a select list is read: what its set-returning calls are computed from (row-choice.ts). */
  setReturning: ColumnLineage[] | undefined;
  /** Bare names read as user code because user code bears them (RelationResolver.userNamesake). */
  readonly userCode = new Set<string>();

  constructor(
    readonly resolver: RelationResolver,
    public usage: Usage = new Usage(),
  ) {}

  /** Records that the current query referenced these sources. */
  touch(lineage: ColumnLineage): ColumnLineage {
    const top = this.reads[this.reads.length - 1];
    if (top) addAll(top, lineage.sources);
    this.usage.add('read', lineage.sources);
    return lineage;
  }

  /** Runs `work` as one query: what it touches is returned apart and also counts for the enclosing query. */
  query<T>(work: () => T): { value: T; used: Set<string> } {
    const used = new Set<string>();
    this.reads.push(used);
    // A subquery's set-returning calls repeat its own rows, not those of the list it stands in.
    const setReturning = this.setReturning;
    this.setReturning = undefined;
    try {
      return { value: this.nested(work), used };
    } finally {
      this.setReturning = setReturning;
      this.reads.pop();
      const parent = this.reads[this.reads.length - 1];
      if (parent) addAll(parent, used);
    }
  }

  nested<T>(work: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new LineageLimit('too deep');
    try {
      return work();
    } finally {
      this.depth--;
    }
  }

  /** Runs `work` with its column uses recorded apart (a view's own predicates are not the agent's). */
  withUsage<T>(usage: Usage, work: () => T): T {
    const saved = this.usage;
    this.usage = usage;
    try {
      return work();
    } finally {
      this.usage = saved;
    }
  }
}

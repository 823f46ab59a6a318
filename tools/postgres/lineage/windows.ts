// A window's PARTITION BY and ORDER BY sort the rows it runs over, and the server returns them in
// that order unless an ORDER BY says otherwise: where each row comes then answers a comparison of
// what they are sorted by, as under ORDER BY (row-choice.ts). Candidates sorted by their distance
// to a protected character bring the character first. Named windows (WINDOW w AS ...) and windows
// written in a call (OVER (...)) alike; a subquery's windows sort its own rows, read where it stands.
import { nodesUnder, type NodeBody } from '../classify/tree.ts';

/** Node types whose windows sort rows of their own: not walked into. */
const OWN_ROWS = new Set(['SubLink', 'SelectStmt', 'RangeSubselect']);

/** Every window definition of a SELECT's own rows: its WINDOW clause and the OVER of every call in its select list. */
export function windowDefinitions(select: NodeBody): unknown[] {
  const found: unknown[] = [select.windowClause];
  for (const [type, body] of nodesUnder([select.targetList], (t) => !OWN_ROWS.has(t))) if (type === 'FuncCall' && body.over !== undefined) found.push(body.over);
  return found;
}

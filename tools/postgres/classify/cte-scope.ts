// CTE names in view: a bare relation name that matches one is that CTE, not a table.
import { nodeOf, type NodeBody } from './tree.ts';
import type { CteScope } from './walk-types.ts';

export function cteNames(withClause: NodeBody): string[] {
  const ctes = Array.isArray(withClause.ctes) ? withClause.ctes : [];
  return ctes.map((c) => nodeOf(c, 'CommonTableExpr')?.ctename).filter((n): n is string => typeof n === 'string');
}

export function cteInView(scope: CteScope | undefined, name: string): boolean {
  for (let s = scope; s; s = s.parent) if (s.names.has(name)) return true;
  return false;
}

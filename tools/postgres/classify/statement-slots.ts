// Which *Stmt nodes are statements of their own. A SELECT is one only where a statement stands
// (top level, a CTE body, EXPLAIN's or PREPARE's target, a rule action, a function body); elsewhere it
// is part of another statement (a subquery, a set-operation arm, INSERT's source). A SET inside ALTER
// SYSTEM or a function's options is a clause of that statement, not a SET of its own.

/** Where a SELECT is a statement of its own rather than part of another (a subquery, a set-op arm). */
const STATEMENT_SLOTS = new Set(['.', 'CommonTableExpr.ctequery', 'ExplainStmt.query', 'PrepareStmt.query', 'RuleStmt.actions', 'CreateSchemaStmt.schemaElts', 'CreateFunctionStmt.sql_body']);

/** Where a *Stmt node is a clause of its parent (ALTER SYSTEM's SET, a function's SET option). */
const CLAUSE_SLOTS = new Set(['AlterSystemStmt.setstmt', 'AlterRoleSetStmt.setstmt', 'AlterDatabaseSetStmt.setstmt', 'DefElem.arg']);

const NEVER_STATEMENTS = new Set(['ReturnStmt', 'PLAssignStmt']);

export function isStatementNode(type: string, parent: string, field: string): boolean {
  if (!type.endsWith('Stmt') || NEVER_STATEMENTS.has(type)) return false;
  const slot = `${parent}.${field}`;
  if (CLAUSE_SLOTS.has(slot) || field === 'setstmt') return false;
  return type !== 'SelectStmt' || STATEMENT_SLOTS.has(slot);
}

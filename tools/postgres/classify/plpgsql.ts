// Reads PL/pgSQL (DO blocks and function bodies) with PostgreSQL's own PL/pgSQL parser, then
// classifies every SQL statement and expression it embeds as nested code. EXECUTE of a string
// (EXECUTE, FOR ... IN EXECUTE, RETURN QUERY EXECUTE, OPEN ... FOR EXECUTE) is opaque: the string
// is only known at run time. When that string is a plain literal its SQL is classified as well.
import { parsePlpgsql, parseSql, scanTokens } from './parser.ts';
import { SourceText } from './source-text.ts';
import { constantValue, isObject, nodeOf, unwrap } from './tree.ts';
import { codeScope, type RuleContext } from './walk-types.ts';

/** PL/pgSQL parse modes (PostgreSQL's RawParseMode) of the expressions it embeds. */
const MODE_STATEMENT = 0;
const MODE_EXPRESSION = 2;

export function readPlpgsql(statementText: string, code: string, ctx: RuleContext): void {
  const outcome = parsePlpgsql(statementText, code);
  if (!outcome.ok) return ctx.facts.opaque(`the PL/pgSQL body does not parse: ${outcome.error}`);
  if (outcome.functions.length !== 1) return ctx.facts.opaque('the PL/pgSQL body could not be matched to its statement');
  walkPlpgsql(outcome.functions[0], ctx);
}

interface Item {
  value: unknown;
  parent: string;
  field: string;
}

function walkPlpgsql(root: unknown, ctx: RuleContext): void {
  const stack: Item[] = [{ value: root, parent: '', field: '' }];
  while (stack.length > 0) {
    const { value, parent, field } = stack.pop() as Item;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], parent, field });
      continue;
    }
    if (!isObject(value)) continue;
    ctx.facts.countNode();
    const [type, body] = unwrap(value) ?? ['', value];
    if (type === 'PLpgSQL_expr') {
      readExpression(body, parent === 'PLpgSQL_stmt_dynexecute' || parent === 'PLpgSQL_stmt_dynfors' || field === 'dynquery', ctx);
      continue;
    }
    if (type === 'PLpgSQL_stmt_commit' || type === 'PLpgSQL_stmt_rollback') ctx.facts.transactionControl = true;
    const holder = type || parent;
    for (const [key, child] of Object.entries(body)) if (typeof child === 'object' && child !== null) stack.push({ value: child, parent: holder, field: key });
  }
}

function readExpression(expr: Record<string, unknown>, dynamic: boolean, ctx: RuleContext): void {
  const query = typeof expr.query === 'string' ? expr.query : '';
  const mode = typeof expr.parseMode === 'number' ? expr.parseMode : MODE_STATEMENT;
  if (dynamic) {
    ctx.facts.opaque('EXECUTE runs a string of SQL built at run time');
    readSql(`SELECT ${query}`, false, ctx);
    const literal = stringLiteral(query);
    if (literal !== undefined) readSql(literal, true, ctx);
    return;
  }
  if (mode === MODE_STATEMENT) return readSql(query, true, ctx);
  if (mode === MODE_EXPRESSION) return readSql(`SELECT ${query}`, false, ctx);
  // Assignments (target := expression): the target's subscripts and the value are expressions.
  const parts = splitAssignment(query);
  if (!parts) return ctx.facts.opaque(`a PL/pgSQL assignment could not be read: ${query.slice(0, 80)}`);
  readSql(`SELECT ${parts.target}`, false, ctx);
  readSql(`SELECT ${parts.value}`, false, ctx);
}

function readSql(text: string, asStatements: boolean, ctx: RuleContext): void {
  const outcome = ctx.host.walkText(text, codeScope(ctx.scope), asStatements);
  if (!outcome.ok) ctx.facts.opaque(`SQL inside PL/pgSQL does not parse: ${outcome.error}`);
}

/** The value of an expression that is one string literal ('DROP TABLE x'), if it is one. */
function stringLiteral(expression: string): string | undefined {
  const parsed = parseSql(`SELECT ${expression}`);
  if (!parsed.ok || parsed.statements.length !== 1) return undefined;
  const select = nodeOf(parsed.statements[0]?.stmt, 'SelectStmt');
  const targets = Array.isArray(select?.targetList) ? select.targetList : [];
  if (targets.length !== 1 || select?.fromClause) return undefined;
  const value = constantValue(nodeOf(targets[0], 'ResTarget')?.val);
  return typeof value === 'string' ? value : undefined;
}

/** Splits "target := value" (or "=") at the first assignment operator outside brackets. */
function splitAssignment(query: string): { target: string; value: string } | undefined {
  const tokens = scanTokens(query);
  if (!tokens) return undefined;
  const source = new SourceText(query);
  let depth = 0;
  for (const token of tokens) {
    if (token.text === '(' || token.text === '[') depth++;
    else if (token.text === ')' || token.text === ']') depth--;
    else if (depth === 0 && (token.text === ':=' || token.text === '=')) {
      return { target: source.sliceBytes(0, token.start), value: source.sliceBytes(token.end) };
    }
  }
  return undefined;
}

// Walks every node of a parse tree, generically: any field of any node is visited, so a function
// call or a DELETE is found wherever the grammar allows it (CTEs, subqueries, function arguments,
// VALUES, LATERAL, ORDER BY, ...). Node-specific rules only add meaning on top. The walk is
// iterative (an explicit stack), so a deep tree cannot overflow the JavaScript stack.
import type { FactCollector, StatementRecord } from './collector.ts';
import { isTypeName } from './builtin-types.ts';
import { cteInView, cteNames } from './cte-scope.ts';
import { analyzeFunctionCall, analyzeOperator, analyzeTypeName, OPERATOR_FIELDS } from './function-rules.ts';
import { SQL_LIMITS, SqlLimitError } from './limits.ts';
import { parseSql, type RawStatement } from './parser.ts';
import { relationEffect } from './relation-catalogue.ts';
import { applySetStatement, applySettingChanges } from './settings.ts';
import { settingsOfSettingsUpdate } from './settings-view.ts';
import { describeStatement } from './statement-kinds.ts';
import { STATEMENT_RULES } from './statement-rules.ts';
import { isStatementNode } from './statement-slots.ts';
import { SourceText } from './source-text.ts';
import { isObject, nodeOf, unwrap, type NodeBody } from './tree.ts';
import type { CteScope, Scope, TextOutcome, WalkHost } from './walk-types.ts';

interface Visit {
  value: unknown;
  scope: Scope;
  /** Type of the node holding this value, and the field it sits in: decides what a child means. */
  parent: string;
  field: string;
}

type Task = Visit | (() => void);

/** Nodes with nothing below them that matters: names, constants, type names. */
const LEAVES = new Set(['A_Const', 'ColumnRef', 'String', 'Integer', 'Float', 'Boolean', 'BitString', 'A_Star', 'ParamRef', 'TypeName', 'RoleSpec', 'SQLValueFunction']);

export class SqlTreeWalker implements WalkHost {
  private readonly open: StatementRecord[] = [];
  private readonly written = new WeakSet<object>();
  /** Targets of UPDATE statements, with the UPDATE: what it changes if the target is pg_settings. */
  private readonly updates = new WeakMap<object, NodeBody>();
  private readonly current: Array<{ source: SourceText; raw: RawStatement }> = [];
  /** The call's own top-level statements as parsed, kept for lineage (parse once). */
  readonly topStatements: unknown[] = [];

  constructor(readonly facts: FactCollector) {}

  walkText(text: string, scope: Scope, asStatements: boolean): TextOutcome {
    if (scope.codeDepth > SQL_LIMITS.maxCodeDepth) throw new SqlLimitError(`code is nested in code more than ${SQL_LIMITS.maxCodeDepth} levels deep`);
    const parsed = parseSql(text);
    if (!parsed.ok) return parsed;
    const source = new SourceText(text);
    if (scope.codeDepth === 0 && asStatements) this.topStatements.push(...parsed.statements.map((s) => s.stmt));
    for (const raw of parsed.statements) {
      this.current.push({ source, raw });
      try {
        this.run({ value: raw.stmt, scope, parent: asStatements ? '' : 'Expression', field: '' });
      } finally {
        this.current.pop();
      }
    }
    return { ok: true, count: parsed.statements.length };
  }

  statementText(): string {
    const top = this.current[this.current.length - 1];
    if (!top) return '';
    const { raw, source } = top;
    return source.sliceBytes(raw.location, raw.length === undefined ? undefined : raw.location + raw.length);
  }

  addTable(name: string, written: boolean): void {
    this.facts.tables.add(name);
    for (const record of this.open) record.tables.add(name);
    if (written) this.facts.writtenTables.add(name);
  }

  markWritten(rangeVar: unknown, update?: NodeBody): void {
    const body = nodeOf(rangeVar, 'RangeVar') ?? (isObject(rangeVar) && typeof rangeVar.relname === 'string' ? rangeVar : undefined);
    if (body) this.written.add(body);
    if (body && update) this.updates.set(body, update);
  }

  private run(root: Visit): void {
    const stack: Task[] = [root];
    while (stack.length > 0) {
      const task = stack.pop() as Task;
      if (typeof task === 'function') task();
      else this.visit(task, stack);
    }
  }

  private visit(task: Visit, stack: Task[]): void {
    const { value } = task;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ ...task, value: value[i] });
      return;
    }
    if (!isObject(value)) return;
    this.facts.countNode();
    const [type, body] = unwrap(value) ?? [bareType(value), value];
    // A List is only a wrapper: its items sit where the list sits.
    if (type === 'List') return void stack.push({ ...task, value: body.items });
    this.visitNode(type, body, task, stack);
  }

  private visitNode(type: string, body: NodeBody, task: Visit, stack: Task[]): void {
    const { scope } = task;
    if (Object.hasOwn(OPERATOR_FIELDS, type)) analyzeOperator(type, body, this.facts);
    switch (type) {
      case 'RangeVar':
        return this.onRangeVar(body, scope);
      case 'LockingClause':
        // Its lockedRels name FROM items (often aliases), not new relations.
        if (scope.executes) this.facts.lockingRead = true;
        return;
      case 'FuncCall':
        analyzeFunctionCall(body, this, scope);
        break;
      case 'TypeName':
        analyzeTypeName(body, this.facts);
        return;
      case 'VariableSetStmt':
        applySetStatement(body, this.facts);
        break;
    }
    if (LEAVES.has(type)) return;
    let childScope = scope;
    let fieldScopes: Record<string, Scope> | void = undefined;
    if (isStatementNode(type, task.parent, task.field)) {
      childScope = { ...scope, nested: true };
      const record = this.openStatement(type, body, scope);
      stack.push(() => this.closeStatement(record));
      const rule = Object.hasOwn(STATEMENT_RULES, type) ? STATEMENT_RULES[type] : undefined;
      fieldScopes = rule?.(body, { host: this, facts: this.facts, record, scope: childScope });
    }
    this.pushChildren(type, body, childScope, fieldScopes ?? undefined, stack);
  }

  private openStatement(type: string, body: NodeBody, scope: Scope): StatementRecord {
    const info = describeStatement(type, body);
    const record: StatementRecord = {
      kind: info.kind,
      objectType: info.objectType,
      tables: new Set(),
      writes: info.writes && scope.executes,
      hasWhere: false,
      nested: scope.nested,
      executes: scope.executes,
      ddl: info.ddl,
      readSafe: info.readSafe,
      destructive: info.destructive,
    };
    this.facts.addStatement(record);
    this.open.push(record);
    return record;
  }

  private closeStatement(record: StatementRecord): void {
    this.open.pop();
    // A statement that contains a running write writes (a SELECT over a DELETE ... RETURNING CTE).
    const parent = this.open[this.open.length - 1];
    if (parent && record.writes && record.executes && parent.executes) parent.writes = true;
  }

  private pushChildren(type: string, body: NodeBody, scope: Scope, fieldScopes: Record<string, Scope> | undefined, stack: Task[]): void {
    const withClause = isObject(body.withClause) ? body.withClause : undefined;
    const names = withClause ? cteNames(withClause) : [];
    const inner: Scope = names.length > 0 ? { ...scope, ctes: { names: new Set(names), parent: scope.ctes } } : scope;
    const entries = Object.entries(body);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [field, value] = entries[i] as [string, unknown];
      if (typeof value !== 'object' || value === null) continue;
      if (field === 'withClause' && withClause) this.pushCtes(withClause, names, scope, stack);
      else stack.push({ value, scope: fieldScopes?.[field] ?? inner, parent: type, field });
    }
  }

  /** Each CTE body sees the CTEs before it, or all of them (itself included) under RECURSIVE. */
  private pushCtes(withClause: NodeBody, names: string[], outer: Scope, stack: Task[]): void {
    const ctes = Array.isArray(withClause.ctes) ? withClause.ctes : [];
    const recursive = withClause.recursive === true;
    for (let i = ctes.length - 1; i >= 0; i--) {
      const visible = recursive ? names : names.slice(0, i);
      const ctesScope: CteScope | undefined = visible.length > 0 ? { names: new Set(visible), parent: outer.ctes } : outer.ctes;
      stack.push({ value: ctes[i], scope: { ...outer, ctes: ctesScope }, parent: 'WithClause', field: 'ctes' });
    }
  }

  private onRangeVar(body: NodeBody, scope: Scope): void {
    const relname = typeof body.relname === 'string' ? body.relname : '';
    const schema = typeof body.schemaname === 'string' && body.schemaname !== '' ? body.schemaname : undefined;
    const catalog = typeof body.catalogname === 'string' && body.catalogname !== '' ? body.catalogname : undefined;
    const written = this.written.has(body) && scope.executes;
    // A bare name that matches a CTE in view is that CTE, not a relation. Write targets always
    // name relations (PostgreSQL never resolves them to CTEs).
    if (!this.written.has(body) && !schema && !catalog && cteInView(scope.ctes, relname)) return;
    this.addTable([catalog, schema, relname].filter((p) => p !== undefined).join('.'), written);
    // A view over pg_settings passes its UPDATEs on to pg_settings: defining one makes a setter.
    const inView = scope.executes && this.open.some((record) => record.kind === 'create_view');
    const effect = relationEffect(schema, relname, written, inView);
    for (const flag of effect.flags) this.facts.flag(flag);
    if (!effect.changesSettings) return;
    // Only an UPDATE reaches set_config through the view's rule; any other write is refused by the
    // server, but is read the same way: it may change any setting.
    const update = this.updates.get(body);
    applySettingChanges(update ? settingsOfSettingsUpdate(update, scope.codeDepth > 0) : [{ name: '*', value: undefined }], this.facts);
  }
}

/**
 * The type of a node printed without its wrapper (fields whose node type is fixed). Only the types
 * rules care about are recognized; anything else is walked as an anonymous node.
 */
function bareType(value: NodeBody): string {
  if (typeof value.relname === 'string') return 'RangeVar';
  if (Array.isArray(value.funcname) && typeof value.funcformat === 'string') return 'FuncCall';
  if (typeof value.kind === 'string' && value.kind.startsWith('VAR_')) return 'VariableSetStmt';
  if (isTypeName('', value)) return 'TypeName';
  return '';
}

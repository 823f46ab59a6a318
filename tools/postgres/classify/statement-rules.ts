// Rules for statements that read and write data: which relation is written, whether a WHERE bounds
// the write, what EXPLAIN, PREPARE/EXECUTE, COPY and transaction control really run. Security rules
// (roles, files, config, ...) are in security-rules.ts; code bodies in code-bodies.ts.
import { CODE_RULES } from './code-bodies.ts';
import { SECURITY_RULES } from './security-rules.ts';
import { applySettingChanges, optionSettings } from './settings.ts';
import { explainAnalyzes } from './statement-kinds.ts';
import { isTautology } from './tautology.ts';
import { isObject, nodeOf, stringsOf, type NodeBody } from './tree.ts';
import type { RuleContext, StatementRule } from './walk-types.ts';

/** DROP of these object types drops a relation: it is named in tables and writtenTables. */
const RELATION_OBJECTS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_SEQUENCE']);

/**
 * FETCH, MOVE, CLOSE, EXECUTE and DEALLOCATE name a cursor or prepared statement that only this
 * call may have made: one it did not make earlier would be another call's left on a pooled session.
 * Under a plain EXPLAIN too (EXPLAIN EXECUTE shows another call's query in its plan). ALL names none.
 */
function useSessionObject(what: 'cursor' | 'prepared statement', name: unknown, made: ReadonlySet<string>, ctx: RuleContext): void {
  if (typeof name === 'string' && !made.has(name)) ctx.facts.foreignSessionObjects.add(`${what} ${name}`);
}

/** A WHERE that is present and not a tautology. */
function bounded(where: unknown): boolean {
  return where !== undefined && !isTautology(where);
}

/** UPDATE and DELETE: the target is written; without an effective WHERE every row is. */
function boundedWrite(body: NodeBody, ctx: RuleContext, update?: NodeBody): void {
  ctx.host.markWritten(body.relation, update);
  ctx.record.hasWhere = bounded(body.whereClause);
  if (!ctx.record.hasWhere && ctx.record.executes) {
    ctx.facts.unboundedWrite = true;
    ctx.record.destructive = true;
  }
}

const DATA_RULES: Record<string, StatementRule> = {
  SelectStmt(body, ctx) {
    ctx.record.hasWhere = bounded(body.whereClause);
    if (isObject(body.intoClause)) ctx.host.markWritten(body.intoClause.rel);
  },
  InsertStmt(body, ctx) {
    ctx.host.markWritten(body.relation);
  },
  UpdateStmt: (body, ctx) => boundedWrite(body, ctx, body),
  DeleteStmt: (body, ctx) => boundedWrite(body, ctx),
  MergeStmt(body, ctx) {
    ctx.host.markWritten(body.relation);
    ctx.record.hasWhere = bounded(body.joinCondition);
    const clauses = Array.isArray(body.mergeWhenClauses) ? body.mergeWhenClauses : [];
    const changesMatched = clauses.some((c) => {
      const command = nodeOf(c, 'MergeWhenClause')?.commandType;
      return command === 'CMD_UPDATE' || command === 'CMD_DELETE';
    });
    if (!ctx.record.hasWhere && changesMatched && ctx.record.executes) {
      ctx.facts.unboundedWrite = true;
      ctx.record.destructive = true;
    }
  },
  TruncateStmt(body, ctx) {
    for (const relation of Array.isArray(body.relations) ? body.relations : []) ctx.host.markWritten(relation);
  },
  DropStmt(body, ctx) {
    if (!RELATION_OBJECTS.has(String(body.removeType))) return;
    for (const object of Array.isArray(body.objects) ? body.objects : []) {
      const name = stringsOf(nodeOf(object, 'List')?.items).join('.');
      if (name) ctx.host.addTable(name, ctx.record.executes);
    }
  },
  CreateStmt(body, ctx) {
    ctx.host.markWritten(body.relation);
  },
  CreateTableAsStmt(body, ctx) {
    if (isObject(body.into)) ctx.host.markWritten(body.into.rel);
  },
  ViewStmt(body, ctx) {
    ctx.host.markWritten(body.view);
  },
  RefreshMatViewStmt(body, ctx) {
    ctx.host.markWritten(body.relation);
  },
  AlterTableStmt(body, ctx) {
    ctx.host.markWritten(body.relation);
  },
  RenameStmt(body, ctx) {
    ctx.host.markWritten(body.relation);
  },
  AlterObjectSchemaStmt(body, ctx) {
    ctx.host.markWritten(body.relation);
  },
  CopyStmt(body, ctx) {
    // COPY ... FROM writes its table; COPY ... TO only reads, and to STDOUT it is a plain read.
    const from = body.is_from === true;
    if (from) ctx.host.markWritten(body.relation);
    ctx.record.writes = from && ctx.record.executes;
    ctx.record.readSafe = !from && typeof body.filename !== 'string';
    if (body.is_program === true) ctx.facts.flag('programExecution');
    else if (typeof body.filename === 'string') ctx.facts.flag('fileAccess');
    // Only a statement of the call itself talks to the client: PostgreSQL refuses it in code bodies.
    else if (!ctx.record.nested) ctx.facts.clientCopy = true;
  },
  ExplainStmt(body, ctx) {
    // EXPLAIN ANALYZE runs its statement for real; plain EXPLAIN only plans it.
    const analyze = explainAnalyzes(body);
    return { query: analyze ? { ...ctx.scope, nested: false } : { ...ctx.scope, executes: false } };
  },
  PrepareStmt(body, ctx) {
    if (typeof body.name === 'string') ctx.facts.prepared.add(body.name);
  },
  ExecuteStmt(body, ctx) {
    // Prepared earlier in this call: its body was classified there. Otherwise it was prepared in an
    // earlier call on a pooled session, and what it runs is unknown here.
    if (typeof body.name === 'string' && ctx.facts.prepared.has(body.name)) return;
    useSessionObject('prepared statement', body.name, ctx.facts.prepared, ctx);
    ctx.facts.opaque(`EXECUTE ${String(body.name)} runs a statement prepared outside this call`);
    ctx.record.writes = ctx.record.executes;
  },
  DeallocateStmt(body, ctx) {
    useSessionObject('prepared statement', body.name, ctx.facts.prepared, ctx);
  },
  DeclareCursorStmt(body, ctx) {
    // A plain EXPLAIN plans the DECLARE without creating the cursor.
    if (typeof body.portalname === 'string' && ctx.record.executes) ctx.facts.cursors.add(body.portalname);
  },
  FetchStmt(body, ctx) {
    useSessionObject('cursor', body.portalname, ctx.facts.cursors, ctx);
  },
  ClosePortalStmt(body, ctx) {
    useSessionObject('cursor', body.portalname, ctx.facts.cursors, ctx);
  },
  TransactionStmt(body, ctx) {
    ctx.facts.transactionControl = true;
    applySettingChanges(optionSettings(body.options), ctx.facts);
    // Two-phase commit leaves or finishes a transaction beyond this call.
    if (['TRANS_STMT_PREPARE', 'TRANS_STMT_COMMIT_PREPARED', 'TRANS_STMT_ROLLBACK_PREPARED'].includes(String(body.kind))) {
      ctx.record.readSafe = false;
      ctx.record.writes = ctx.record.executes;
    }
  },
  DiscardStmt(body, ctx) {
    if (body.target === 'DISCARD_ALL') applySettingChanges([{ name: 'all', value: undefined }], ctx.facts);
    if (body.target === 'DISCARD_ALL' || body.target === 'DISCARD_TEMP') {
      // Both drop this session's temporary tables.
      ctx.record.readSafe = false;
      ctx.record.writes = ctx.record.executes;
    }
  },
};

/** Runs every rule a node type has, in order; field scopes returned by them are merged. */
export function combineRules(...tables: Array<Record<string, StatementRule>>): Record<string, StatementRule> {
  const out: Record<string, StatementRule> = {};
  for (const table of tables) {
    for (const [type, rule] of Object.entries(table)) {
      const before = out[type];
      out[type] = before
        ? (body, ctx) => {
            const a = before(body, ctx);
            const b = rule(body, ctx);
            return a && b ? { ...a, ...b } : (a ?? b);
          }
        : rule;
    }
  }
  return out;
}

export const STATEMENT_RULES: Record<string, StatementRule> = combineRules(DATA_RULES, SECURITY_RULES, CODE_RULES);

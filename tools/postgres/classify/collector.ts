// Accumulates facts while the tree is walked, then freezes them into SqlFacts. Call-level facts
// are derived here from the statement records, in one place, so that "readOnly" has exactly one
// definition.
import { DANGER_FLAGS, NO_PROTECTED_USE, type DangerFlag, type SqlDanger, type SqlFacts } from './facts-schema.ts';
import { SQL_LIMITS, SqlLimitError } from './limits.ts';

export interface StatementRecord {
  kind: string;
  objectType: string;
  tables: Set<string>;
  writes: boolean;
  hasWhere: boolean;
  nested: boolean;
  executes: boolean;
  ddl: boolean;
  readSafe: boolean;
  destructive: boolean;
}

const MAX_NOTES = 20;
const MAX_NOTE_CHARS = 200;

function noDanger(): SqlDanger {
  return Object.fromEntries(DANGER_FLAGS.map((f) => [f, false])) as SqlDanger;
}

export class FactCollector {
  readonly statements: StatementRecord[] = [];
  readonly tables = new Set<string>();
  readonly writtenTables = new Set<string>();
  readonly functions = new Set<string>();
  readonly dangerousFunctions = new Set<string>();
  readonly sideEffectFunctions = new Set<string>();
  readonly customOperators = new Set<string>();
  readonly settings = new Set<string>();
  readonly notes = new Set<string>();
  readonly danger = noDanger();
  /** Names prepared by PREPARE so far in this call, in order of execution. */
  readonly prepared = new Set<string>();
  /** Cursors declared so far in this call. */
  readonly cursors = new Set<string>();
  /** Cursors and prepared statements used before this call made them ("cursor c"). */
  readonly foreignSessionObjects = new Set<string>();
  callsUserFunctions = false;
  lockingRead = false;
  transactionControl = false;
  clientCopy = false;
  unboundedWrite = false;
  /** Writes that belong to no statement record: side-effect functions, opaque code. */
  extraWrites = false;
  statementCount = 0;
  private nodes = 0;

  flag(flag: DangerFlag, note?: string): void {
    this.danger[flag] = true;
    if (note) this.note(note);
  }

  /** Opaque code may do anything, writing included. */
  opaque(note: string): void {
    this.flag('opaqueCode', note);
    this.extraWrites = true;
  }

  note(text: string): void {
    if (this.notes.size < MAX_NOTES) this.notes.add(text.length > MAX_NOTE_CHARS ? `${text.slice(0, MAX_NOTE_CHARS - 1)}…` : text);
  }

  countNode(): void {
    if (++this.nodes > SQL_LIMITS.maxNodes) throw new SqlLimitError(`the SQL has more than ${SQL_LIMITS.maxNodes} parse-tree nodes`);
  }

  addStatement(record: StatementRecord): void {
    if (this.statements.length >= SQL_LIMITS.maxStatements) throw new SqlLimitError(`the SQL has more than ${SQL_LIMITS.maxStatements} statements`);
    this.statements.push(record);
  }

  toFacts(): SqlFacts {
    const running = this.statements.filter((s) => s.executes);
    const writes = running.some((s) => s.writes) || this.extraWrites || this.danger.opaqueCode;
    const ddl = running.some((s) => s.ddl);
    const anyDanger = DANGER_FLAGS.some((f) => this.danger[f]);
    const readOnly =
      !writes &&
      !ddl &&
      !anyDanger &&
      !this.lockingRead &&
      !this.callsUserFunctions &&
      this.sideEffectFunctions.size === 0 &&
      running.every((s) => s.readSafe);
    return {
      parsed: true,
      error: '',
      errorPosition: -1,
      statementCount: this.statementCount,
      statements: this.statements.map((s) => ({
        kind: s.kind,
        objectType: s.objectType,
        tables: [...s.tables],
        writes: s.writes,
        hasWhere: s.hasWhere,
        nested: s.nested,
        executes: s.executes,
      })),
      kinds: [...new Set(this.statements.map((s) => s.kind))],
      tables: [...this.tables],
      writtenTables: [...this.writtenTables],
      functions: [...this.functions],
      dangerousFunctions: [...this.dangerousFunctions],
      sideEffectFunctions: [...this.sideEffectFunctions],
      customOperators: [...this.customOperators],
      callsUserFunctions: this.callsUserFunctions,
      writes,
      readOnly,
      ddl,
      destructive: this.unboundedWrite || running.some((s) => s.destructive),
      unboundedWrite: this.unboundedWrite,
      settings: [...this.settings],
      lockingRead: this.lockingRead,
      transactionControl: this.transactionControl,
      foreignSessionObjects: [...this.foreignSessionObjects],
      clientCopy: this.clientCopy,
      danger: { ...this.danger },
      // Filled by the pack from lineage: which columns are protected depends on the masking profiles.
      protected: NO_PROTECTED_USE,
      notes: [...this.notes],
    };
  }
}

/**
 * Facts for a call that could not be read. What the unread part does is unknown, so everything that
 * decides between allow and review points to review: not read-only, writes, opaque code. Facts of
 * the part that was read (the statements before a syntax error) are kept, danger flags included.
 */
export function unreadableFacts(error: string, position: number, partial?: FactCollector): SqlFacts {
  const base = (partial ?? new FactCollector()).toFacts();
  return {
    ...base,
    parsed: false,
    error: error || 'the SQL could not be read',
    errorPosition: position,
    writes: true,
    readOnly: false,
    callsUserFunctions: true,
    danger: { ...base.danger, opaqueCode: true },
  };
}

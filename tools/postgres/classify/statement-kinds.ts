// Statement kinds: the name a policy sees for each statement node type, and what a statement of that
// kind does by its nature (before the details in statement-rules.ts). A node type not listed keeps
// its own snake_case name and counts as a write: new syntax is never waved through as a read.
import { constantValue, nodeOf, objectTypeName, snakeCase, type NodeBody } from './tree.ts';

export interface KindInfo {
  kind: string;
  objectType: string;
  writes: boolean;
  ddl: boolean;
  /** A statement of this kind may be part of a read-only call. */
  readSafe: boolean;
  destructive: boolean;
}

const NAMES: Record<string, string> = {
  SelectStmt: 'select',
  InsertStmt: 'insert',
  UpdateStmt: 'update',
  DeleteStmt: 'delete',
  MergeStmt: 'merge',
  TruncateStmt: 'truncate',
  DropStmt: 'drop',
  CreateStmt: 'create_table',
  CreateTableAsStmt: 'create_table_as',
  IndexStmt: 'create_index',
  ViewStmt: 'create_view',
  CreateExtensionStmt: 'create_extension',
  CreateRoleStmt: 'create_role',
  AlterRoleStmt: 'alter_role',
  AlterRoleSetStmt: 'alter_role',
  DropRoleStmt: 'drop_role',
  AlterTableStmt: 'alter_table',
  AlterSystemStmt: 'alter_system',
  CopyStmt: 'copy',
  DoStmt: 'do',
  CallStmt: 'call',
  VariableShowStmt: 'show',
  TransactionStmt: 'transaction',
  PrepareStmt: 'prepare',
  ExecuteStmt: 'execute',
  DeallocateStmt: 'deallocate',
  LockStmt: 'lock',
  ReindexStmt: 'reindex',
  ClusterStmt: 'cluster',
  ListenStmt: 'listen',
  NotifyStmt: 'notify',
  UnlistenStmt: 'unlisten',
  DiscardStmt: 'discard',
  CommentStmt: 'comment',
  SecLabelStmt: 'security_label',
  LoadStmt: 'load',
  CreatePLangStmt: 'create_language',
  CheckPointStmt: 'checkpoint',
  RefreshMatViewStmt: 'refresh_materialized_view',
  DeclareCursorStmt: 'declare_cursor',
  FetchStmt: 'fetch',
  ClosePortalStmt: 'close',
  CreateSeqStmt: 'create_sequence',
  AlterSeqStmt: 'alter_sequence',
  CreateTrigStmt: 'create_trigger',
  CreateEventTrigStmt: 'create_event_trigger',
  RuleStmt: 'create_rule',
  CreatedbStmt: 'create_database',
  DropdbStmt: 'drop_database',
  AlterDatabaseStmt: 'alter_database',
  AlterDatabaseSetStmt: 'alter_database',
  CreateTableSpaceStmt: 'create_tablespace',
  DropTableSpaceStmt: 'drop_tablespace',
  AlterTableSpaceOptionsStmt: 'alter_tablespace',
  CreateForeignServerStmt: 'create_server',
  AlterForeignServerStmt: 'alter_server',
  CreateFdwStmt: 'create_foreign_data_wrapper',
  AlterFdwStmt: 'alter_foreign_data_wrapper',
  AlterDefaultPrivilegesStmt: 'alter_default_privileges',
  DefineStmt: 'create_other',
  CompositeTypeStmt: 'create_other',
  CreateEnumStmt: 'create_other',
  CreateRangeStmt: 'create_other',
  CreateDomainStmt: 'create_other',
  CreateCastStmt: 'create_other',
  CreateConversionStmt: 'create_other',
  CreateOpClassStmt: 'create_other',
  CreateOpFamilyStmt: 'create_other',
  CreateTransformStmt: 'create_other',
  CreateAmStmt: 'create_other',
  CreateStatsStmt: 'create_other',
  RenameStmt: 'alter_other',
  AlterObjectSchemaStmt: 'alter_other',
  AlterOwnerStmt: 'alter_other',
  AlterObjectDependsStmt: 'alter_other',
  AlterEnumStmt: 'alter_other',
  AlterDomainStmt: 'alter_other',
  AlterOperatorStmt: 'alter_other',
  AlterTypeStmt: 'alter_other',
  AlterStatsStmt: 'alter_other',
  AlterCollationStmt: 'alter_other',
  AlterTSConfigurationStmt: 'alter_other',
  AlterTSDictionaryStmt: 'alter_other',
  AlterFunctionStmt: 'alter_function',
};

/** Kinds that only read, or only touch this session in ways the danger flags already cover. */
const READ_SAFE = new Set(['select', 'show', 'explain', 'explain_analyze', 'set', 'reset', 'transaction', 'prepare', 'execute', 'deallocate', 'unlisten', 'declare_cursor', 'fetch', 'close', 'discard']);

/** Kinds that neither read-only nor writing data: their effect is a lock, a message or code. */
const NON_WRITING = new Set(['do', 'lock', 'listen', 'notify', 'load', 'set_role', 'set_session_authorization']);

const DDL_PREFIX = /^(create|alter_(?!system)|drop|comment|security_label|grant|revoke|reassign|import|select_into)/;

export function describeStatement(type: string, body: NodeBody): KindInfo {
  const kind = kindOf(type, body);
  const readSafe = READ_SAFE.has(kind);
  const ddl = DDL_PREFIX.test(kind);
  return {
    kind,
    objectType: objectTypeOf(body),
    writes: !readSafe && !NON_WRITING.has(kind),
    ddl,
    readSafe,
    destructive: kind.startsWith('drop') || kind === 'truncate',
  };
}

function kindOf(type: string, body: NodeBody): string {
  switch (type) {
    case 'SelectStmt':
      return body.intoClause ? 'select_into' : 'select';
    case 'CreateTableAsStmt':
      return body.objtype === 'OBJECT_MATVIEW' ? 'create_materialized_view' : 'create_table_as';
    case 'CreateFunctionStmt':
      return body.is_procedure === true ? 'create_procedure' : 'create_function';
    case 'ExplainStmt':
      return explainAnalyzes(body) ? 'explain_analyze' : 'explain';
    case 'GrantStmt':
      return body.is_grant === true ? 'grant' : 'revoke';
    case 'GrantRoleStmt':
      return body.is_grant === true ? 'grant_role' : 'revoke_role';
    case 'VacuumStmt':
      return body.is_vacuumcmd === true ? 'vacuum' : 'analyze';
    case 'VariableSetStmt':
      return setKind(body);
    default:
      return Object.hasOwn(NAMES, type) ? (NAMES[type] as string) : snakeCase(type);
  }
}

function setKind(body: NodeBody): string {
  const name = typeof body.name === 'string' ? body.name.toLowerCase() : '';
  if (name === 'role') return 'set_role';
  if (name === 'session_authorization') return 'set_session_authorization';
  return body.kind === 'VAR_RESET' || body.kind === 'VAR_RESET_ALL' ? 'reset' : 'set';
}

/** EXPLAIN runs its statement when ANALYZE is on; any value but a clear "off" counts as on. */
export function explainAnalyzes(body: NodeBody): boolean {
  const options = Array.isArray(body.options) ? body.options : [];
  return options.some((option) => {
    const def = nodeOf(option, 'DefElem');
    if (!def || String(def.defname).toLowerCase() !== 'analyze') return false;
    if (def.arg === undefined) return true;
    const value = constantValue(def.arg);
    return !(value === false || value === 0 || (typeof value === 'string' && ['false', 'off', '0', 'no'].includes(value.toLowerCase())));
  });
}

function objectTypeOf(body: NodeBody): string {
  for (const key of ['removeType', 'objtype', 'renameType', 'objectType', 'kind']) {
    const name = objectTypeName(body[key]);
    if (name) return name;
  }
  return '';
}

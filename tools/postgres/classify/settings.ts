// Which settings a statement changes, and what changing each one means. Names are compared in lower
// case because PostgreSQL looks settings up case-insensitively ("Statement_Timeout" is the same).
import type { FactCollector } from './collector.ts';
import type { DangerFlag } from './facts-schema.ts';
import { constantValue, nodeOf, type NodeBody } from './tree.ts';

/**
 * Settings the executor or the classifier relies on. Changing one can undo a limit (timeouts, the
 * read-only transaction), change who runs the SQL (role), change which function a name resolves to
 * (search_path), or make the server read later SQL differently from how it was classified here
 * (client_encoding, standard_conforming_strings, backslash_quote). "all" is RESET ALL / DISCARD ALL;
 * "*" is a set_config whose name is computed.
 */
const GUARD_SETTINGS = new Set([
  'role',
  'session_authorization',
  'statement_timeout',
  'lock_timeout',
  'idle_in_transaction_session_timeout',
  'idle_session_timeout',
  'transaction_timeout',
  'transaction_read_only',
  'default_transaction_read_only',
  'search_path',
  'row_security',
  'client_encoding',
  'standard_conforming_strings',
  'backslash_quote',
  'session_replication_role', // replica mode skips triggers, foreign-key checks included
  'all',
  '*',
]);

/** Families guarded by prefix: server logging and pgaudit (turning the audit trail off). */
const GUARD_PREFIXES = ['log_', 'pgaudit.'];

/** Settings whose value names a program or a library the server will run or load. */
const PROGRAM_SETTINGS = new Set([
  'archive_command',
  'archive_library',
  'restore_command',
  'archive_cleanup_command',
  'recovery_end_command',
  'ssl_passphrase_command',
  'shared_preload_libraries',
  'session_preload_libraries',
  'local_preload_libraries',
  'dynamic_library_path',
  'jit_provider',
]);

/** Setting these to "on" only makes a call stricter, so that is not a guard change. */
const READ_ONLY_SWITCHES = new Set(['transaction_read_only', 'default_transaction_read_only']);

export function isGuardSetting(name: string): boolean {
  return GUARD_SETTINGS.has(name) || GUARD_PREFIXES.some((p) => name.startsWith(p));
}

/** Danger flags raised by changing `name` to `value` (undefined: unknown or reset to default). */
export function settingDangers(name: string, value: unknown): DangerFlag[] {
  const flags: DangerFlag[] = [];
  if (isGuardSetting(name) && !(READ_ONLY_SWITCHES.has(name) && isOn(value))) flags.push('guardSettingChange');
  if (name === 'role' || name === '*') flags.push('roleChange');
  if (name === 'session_authorization' || name === '*') flags.push('sessionAuthorization');
  if (PROGRAM_SETTINGS.has(name)) flags.push('programExecution');
  return flags;
}

function isOn(value: unknown): boolean {
  if (value === true || value === 1) return true;
  return typeof value === 'string' && ['on', 'true', 'yes', '1', 't', 'y'].includes(value.trim().toLowerCase());
}

export interface SettingChange {
  name: string;
  /** The new value when it is a single constant; undefined for DEFAULT, RESET or a computed value. */
  value: unknown;
}

/** The settings one VariableSetStmt changes (SET, SET LOCAL, RESET, SET TRANSACTION, ...). */
export function settingsOfSetStatement(body: NodeBody): SettingChange[] {
  const kind = String(body.kind ?? '');
  const name = typeof body.name === 'string' ? body.name.toLowerCase() : '';
  if (kind === 'VAR_RESET_ALL') return [{ name: 'all', value: undefined }];
  if (kind === 'VAR_SET_MULTI') {
    // SET TRANSACTION ... / SET SESSION CHARACTERISTICS AS TRANSACTION ...: the options name the settings.
    const prefix = name === 'session characteristics' ? 'default_' : '';
    const options = optionSettings(body.args, prefix);
    return options.length > 0 ? options : [{ name: name.replace(/\s+/g, '_'), value: undefined }];
  }
  const args = Array.isArray(body.args) ? body.args : [];
  const value = kind === 'VAR_SET_VALUE' && args.length === 1 ? constantValue(args[0]) : undefined;
  return [{ name: name || '*', value }];
}

/** Settings named by DefElem options, as in BEGIN READ WRITE or SET TRANSACTION ISOLATION LEVEL. */
export function optionSettings(options: unknown, prefix = ''): SettingChange[] {
  if (!Array.isArray(options)) return [];
  const changes: SettingChange[] = [];
  for (const option of options) {
    const def = nodeOf(option, 'DefElem');
    if (def && typeof def.defname === 'string') changes.push({ name: prefix + def.defname.toLowerCase(), value: constantValue(def.arg) });
  }
  return changes;
}

/** The setting set_config(name, value, is_local) changes: "*" when the name is not a literal. */
export function settingOfSetConfig(args: unknown): SettingChange {
  const list = Array.isArray(args) ? args : [];
  const name = constantValue(list[0]);
  return { name: typeof name === 'string' ? name.toLowerCase() : '*', value: constantValue(list[1]) };
}


/** Records setting changes and the dangers they carry. */
export function applySettingChanges(changes: readonly SettingChange[], facts: FactCollector): void {
  for (const change of changes) {
    facts.settings.add(change.name);
    for (const flag of settingDangers(change.name, change.value)) facts.flag(flag);
  }
}

/** A VariableSetStmt anywhere: a statement, ALTER SYSTEM's clause, a function's SET option. */
export function applySetStatement(body: NodeBody, facts: FactCollector): void {
  applySettingChanges(settingsOfSetStatement(body), facts);
}

// The catalogue of functions that are not plain reads, name by name: the danger flags a call of each
// raises, whether it writes, and which of its arguments hold SQL it runs. Every name is written out
// here (a family by one or more of its members), so an entry the catalogue loses or mislabels is seen.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifySql, DANGER_FLAGS, initSqlParser } from '../../tools/postgres/classify/index.ts';

/** Flags raised, whether the call writes, and the functions so catalogued. */
const CATALOGUE: Array<[string[], boolean, string[]]> = [
  [['fileAccess'], false, [
    'pg_read_file', 'pg_read_binary_file', 'pg_stat_file', 'pg_file_sync', 'pg_file_read', 'pg_file_length',
    'pg_logdir_ls', 'pg_show_all_file_settings', 'pg_hba_file_rules', 'pg_ident_file_mappings', 'pg_ls_dir'
  ]],
  [['fileAccess'], true, [
    'pg_file_write', 'pg_file_rename', 'pg_file_unlink'
  ]],
  [['fileAccess', 'largeObject'], true, [
    'lo_import'
  ]],
  [['fileAccess', 'largeObject'], false, [
    'lo_export'
  ]],
  [['configChange'], false, [
    'pg_reload_conf', 'pg_rotate_logfile', 'pg_rotate_logfile_old', 'pg_logfile_rotate'
  ]],
  [['backendKill'], false, [
    'pg_terminate_backend', 'pg_cancel_backend'
  ]],
  [['serverControl'], false, [
    'pg_promote', 'pg_switch_wal', 'pg_switch_xlog', 'pg_create_restore_point', 'pg_backup_start',
    'pg_backup_stop', 'pg_start_backup', 'pg_stop_backup', 'pg_wal_replay_pause', 'pg_wal_replay_resume',
    'pg_create_physical_replication_slot', 'pg_create_logical_replication_slot', 'pg_drop_replication_slot',
    'pg_copy_physical_replication_slot', 'pg_copy_logical_replication_slot', 'pg_replication_slot_advance',
    'pg_sync_replication_slots', 'pg_logical_emit_message', 'pg_log_backend_memory_contexts',
    'pg_log_standby_snapshot', 'pg_stat_statements_reset', 'pg_stat_reset', 'pg_stat_reset_shared',
    'pg_replication_origin_create', 'pg_logical_slot_get_changes'
  ]],
  [['serverControl'], true, [
    'pg_import_system_collations', 'pg_restore_relation_stats', 'pg_restore_attribute_stats',
    'pg_clear_relation_stats', 'pg_clear_attribute_stats'
  ]],
  [['largeObject'], false, [
    'loread'
  ]],
  [['largeObject'], true, [
    'lowrite', 'lo_unlink', 'lo_put'
  ]],
  [['opaqueCode'], true, [
    'query_to_xml', 'query_to_xmlschema', 'query_to_xml_and_xmlschema', 'cursor_to_xml', 'table_to_xml',
    'table_to_xmlschema', 'table_to_xml_and_xmlschema', 'schema_to_xml', 'schema_to_xmlschema',
    'schema_to_xml_and_xmlschema', 'database_to_xml', 'database_to_xmlschema',
    'database_to_xml_and_xmlschema', 'ts_stat', 'ts_rewrite', 'crosstab', 'crosstab2', 'crosstab3',
    'crosstab4', 'connectby'
  ]],
  [[], true, [
    'nextval', 'setval'
  ]],
  [[], false, [
    'pg_notify', 'pg_advisory_lock', 'pg_advisory_lock_shared', 'pg_advisory_xact_lock',
    'pg_advisory_xact_lock_shared', 'pg_try_advisory_lock', 'pg_try_advisory_lock_shared',
    'pg_try_advisory_xact_lock', 'pg_try_advisory_xact_lock_shared', 'pg_advisory_unlock',
    'pg_advisory_unlock_shared', 'pg_advisory_unlock_all'
  ]],
  [['remoteAccess'], true, [
    'dblink', 'dblink_exec', 'dblink_connect'
  ]],
  [['remoteAccess'], false, [
    'postgres_fdw_disconnect'
  ]],
];

/** Functions that run the SQL text of an argument: the name, that argument, and how many arguments. */
const SQL_ARGUMENTS: Array<[string, number, number]> = [
  ['query_to_xml', 0, 4],
  ['query_to_xmlschema', 0, 4],
  ['query_to_xml_and_xmlschema', 0, 4],
  ['ts_stat', 0, 1],
  ['ts_rewrite', 1, 2],
  ['crosstab', 0, 2],
  ['crosstab', 1, 2],
  ['crosstab2', 0, 1],
  ['crosstab3', 0, 1],
  ['crosstab4', 0, 1],
];

function callFacts(name: string): { flags: string[]; writes: boolean; readOnly: boolean } {
  const facts = classifySql(`SELECT ${name}()`);
  return { flags: DANGER_FLAGS.filter((f) => facts.danger[f]), writes: facts.writes, readOnly: facts.readOnly };
}

before(() => initSqlParser());

describe('function catalogue', () => {
  it('raises the flags of every catalogued function, says whether it writes, and never reads it as read-only', () => {
    const wrong: string[] = [];
    for (const [flags, writes, names] of CATALOGUE) {
      for (const name of names) {
        const have = callFacts(name);
        if (JSON.stringify([...have.flags].sort()) !== JSON.stringify([...flags].sort()) || have.writes !== writes || have.readOnly) {
          wrong.push(`${name}: want ${JSON.stringify({ flags, writes })}, have ${JSON.stringify(have)}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('reads the SQL text each such function runs from the argument it runs', () => {
    const missed: string[] = [];
    for (const [name, at, count] of SQL_ARGUMENTS) {
      const args = Array.from({ length: count }, (_, i) => (i === at ? "'DELETE FROM audit_log'" : "'x'"));
      const facts = classifySql(`SELECT ${name}(${args.join(', ')})`);
      if (!facts.writtenTables.includes('audit_log')) missed.push(`${name} argument ${at}`);
    }
    assert.deepEqual(missed, []);
  });

  it('leaves a built-in read outside the catalogue read-only with no flag', () => {
    assert.deepEqual(callFacts('pg_current_xact_id'), { flags: [], writes: false, readOnly: true });
  });
});

// What changing a setting means to policy, setting by setting: each setting the executor or the
// classifier relies on is a guard change, each one naming a program or a library to run or load is
// program execution. Every name is written out here, so a name the classifier's lists lose is seen.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifySql, initSqlParser } from '../../tools/postgres/classify/index.ts';
import { settingsOfSetStatement } from '../../tools/postgres/classify/settings.ts';

const GUARDED = [
  // Who runs the SQL, and the limits the executor sets.
  'role', 'session_authorization', 'transaction_read_only', 'default_transaction_read_only',
  'statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'idle_session_timeout', 'transaction_timeout',
  // Which function a name resolves to, which rows and triggers apply.
  'search_path', 'row_security', 'session_replication_role',
  // How the server reads later SQL text.
  'client_encoding', 'standard_conforming_strings', 'backslash_quote',
  // Families guarded by prefix: the server log and pgaudit.
  'log_statement', 'log_min_duration_statement', 'pgaudit.log',
];

const PROGRAMS = [
  // Commands the server runs.
  'archive_command', 'restore_command', 'archive_cleanup_command', 'recovery_end_command', 'ssl_passphrase_command',
  // Libraries it loads, and where it looks for them.
  'archive_library', 'shared_preload_libraries', 'session_preload_libraries', 'local_preload_libraries',
  'dynamic_library_path', 'jit_provider',
];

const dangersOf = (sql: string) => classifySql(sql).danger;

before(() => initSqlParser());

describe('setting dangers', () => {
  it('raises a guard change for SET of every guarded setting', () => {
    const missed = GUARDED.filter((name) => !dangersOf(`SET ${name} = 'off'`).guardSettingChange);
    assert.deepEqual(missed, []);
  });

  it('raises a guard change for RESET ALL and for a setting whose name is computed', () => {
    assert.equal(dangersOf('RESET ALL').guardSettingChange, true);
    assert.equal(dangersOf("SELECT set_config(current_user, 'x', false)").guardSettingChange, true);
  });

  it('reads a SET whose tree names no setting as a change of any setting, role and session user included', () => {
    // No statement the parser returns today has no name (RESET ALL is a kind of its own): this is the default if one ever does.
    assert.deepEqual(settingsOfSetStatement({ kind: 'VAR_SET_VALUE', args: [] }), [{ name: '*', value: undefined }]);
  });

  it('raises program execution for SET of every setting that names a program or a library', () => {
    const missed = PROGRAMS.filter((name) => !dangersOf(`SET ${name} = 'x'`).programExecution);
    assert.deepEqual(missed, []);
  });

  it('raises neither for a setting that guards nothing and runs nothing', () => {
    const danger = dangersOf("SET work_mem = '64MB'");
    assert.equal(danger.guardSettingChange, false);
    assert.equal(danger.programExecution, false);
    assert.equal(dangersOf("SET logging_collector = 'off'").guardSettingChange, false, 'a name that only begins like log_');
  });

  it('reads turning a read-only switch on as no guard change, and turning it off as one', () => {
    for (const name of ['transaction_read_only', 'default_transaction_read_only']) {
      assert.equal(dangersOf(`SET ${name} = on`).guardSettingChange, false, name);
      assert.equal(dangersOf(`SET ${name} = off`).guardSettingChange, true, name);
    }
  });
});

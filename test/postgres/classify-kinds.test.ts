// The kind of every statement type the classifier names: the word a policy matches on, and what
// decides whether the statement may be part of a read-only call. Each type is written out here,
// with the kind it must get, so an entry of the table that loses or changes its name is seen.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifySql, initSqlParser } from '../../tools/postgres/classify/index.ts';

/** One statement of each type in the kind table (node type in the comment), and its kind. */
const BY_TABLE: Array<[string, string]> = [
  ['SELECT 1', 'select'], // SelectStmt
  ['INSERT INTO t VALUES (1)', 'insert'], // InsertStmt
  ['UPDATE t SET a = 1 WHERE id = 2', 'update'], // UpdateStmt
  ['DELETE FROM t WHERE id = 2', 'delete'], // DeleteStmt
  ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE', 'merge'], // MergeStmt
  ['TRUNCATE t', 'truncate'], // TruncateStmt
  ['DROP TABLE t', 'drop'], // DropStmt
  ['CREATE TABLE t (a int)', 'create_table'], // CreateStmt
  ['CREATE TABLE t2 AS SELECT 1', 'create_table_as'], // CreateTableAsStmt
  ['CREATE INDEX i ON t (a)', 'create_index'], // IndexStmt
  ['CREATE VIEW v AS SELECT 1', 'create_view'], // ViewStmt
  ['CREATE EXTENSION hstore', 'create_extension'], // CreateExtensionStmt
  ['CREATE ROLE r', 'create_role'], // CreateRoleStmt
  ['ALTER ROLE r NOLOGIN', 'alter_role'], // AlterRoleStmt
  ['ALTER ROLE r SET work_mem = 1', 'alter_role'], // AlterRoleSetStmt
  ['DROP ROLE r', 'drop_role'], // DropRoleStmt
  ['ALTER TABLE t ADD COLUMN b int', 'alter_table'], // AlterTableStmt
  ['ALTER SYSTEM SET work_mem = 1', 'alter_system'], // AlterSystemStmt
  ['COPY t TO STDOUT', 'copy'], // CopyStmt
  ['DO $$ BEGIN END $$', 'do'], // DoStmt
  ['CALL p()', 'call'], // CallStmt
  ['SHOW work_mem', 'show'], // VariableShowStmt
  ['BEGIN', 'transaction'], // TransactionStmt
  ['PREPARE q AS SELECT 1', 'prepare'], // PrepareStmt
  ['EXECUTE q', 'execute'], // ExecuteStmt
  ['DEALLOCATE q', 'deallocate'], // DeallocateStmt
  ['LOCK TABLE t', 'lock'], // LockStmt
  ['REINDEX TABLE t', 'reindex'], // ReindexStmt
  ['CLUSTER t USING i', 'cluster'], // ClusterStmt
  ['LISTEN ch', 'listen'], // ListenStmt
  ['NOTIFY ch', 'notify'], // NotifyStmt
  ['UNLISTEN ch', 'unlisten'], // UnlistenStmt
  ['DISCARD ALL', 'discard'], // DiscardStmt
  ["COMMENT ON TABLE t IS 'x'", 'comment'], // CommentStmt
  ["SECURITY LABEL ON TABLE t IS 'x'", 'security_label'], // SecLabelStmt
  ["LOAD 'auto_explain'", 'load'], // LoadStmt
  ['CREATE LANGUAGE pl HANDLER h', 'create_language'], // CreatePLangStmt
  ['CHECKPOINT', 'checkpoint'], // CheckPointStmt
  ['REFRESH MATERIALIZED VIEW m', 'refresh_materialized_view'], // RefreshMatViewStmt
  ['DECLARE c CURSOR FOR SELECT 1', 'declare_cursor'], // DeclareCursorStmt
  ['FETCH c', 'fetch'], // FetchStmt
  ['CLOSE c', 'close'], // ClosePortalStmt
  ['CREATE SEQUENCE s', 'create_sequence'], // CreateSeqStmt
  ['ALTER SEQUENCE s RESTART', 'alter_sequence'], // AlterSeqStmt
  ['CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()', 'create_trigger'], // CreateTrigStmt
  ['CREATE EVENT TRIGGER et ON ddl_command_start EXECUTE FUNCTION f()', 'create_event_trigger'], // CreateEventTrigStmt
  ['CREATE RULE ru AS ON INSERT TO t DO INSTEAD NOTHING', 'create_rule'], // RuleStmt
  ['CREATE DATABASE d', 'create_database'], // CreatedbStmt
  ['DROP DATABASE d', 'drop_database'], // DropdbStmt
  ['ALTER DATABASE d CONNECTION LIMIT 5', 'alter_database'], // AlterDatabaseStmt
  ['ALTER DATABASE d SET work_mem = 1', 'alter_database'], // AlterDatabaseSetStmt
  ["CREATE TABLESPACE ts LOCATION '/srv/ts'", 'create_tablespace'], // CreateTableSpaceStmt
  ['DROP TABLESPACE ts', 'drop_tablespace'], // DropTableSpaceStmt
  ['ALTER TABLESPACE ts SET (seq_page_cost = 1)', 'alter_tablespace'], // AlterTableSpaceOptionsStmt
  ['CREATE SERVER sv FOREIGN DATA WRAPPER w', 'create_server'], // CreateForeignServerStmt
  ["ALTER SERVER sv VERSION '2'", 'alter_server'], // AlterForeignServerStmt
  ['CREATE FOREIGN DATA WRAPPER w', 'create_foreign_data_wrapper'], // CreateFdwStmt
  ['ALTER FOREIGN DATA WRAPPER w NO VALIDATOR', 'alter_foreign_data_wrapper'], // AlterFdwStmt
  ['ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r', 'alter_default_privileges'], // AlterDefaultPrivilegesStmt
  ['CREATE AGGREGATE ag (int) (SFUNC = int4pl, STYPE = int)', 'create_other'], // DefineStmt
  ['CREATE TYPE ct AS (a int)', 'create_other'], // CompositeTypeStmt
  ["CREATE TYPE en AS ENUM ('a')", 'create_other'], // CreateEnumStmt
  ['CREATE TYPE rg AS RANGE (SUBTYPE = int)', 'create_other'], // CreateRangeStmt
  ['CREATE DOMAIN dm AS int', 'create_other'], // CreateDomainStmt
  ['CREATE CAST (int AS text) WITH INOUT', 'create_other'], // CreateCastStmt
  ["CREATE CONVERSION cv FOR 'LATIN1' TO 'UTF8' FROM f", 'create_other'], // CreateConversionStmt
  ['CREATE OPERATOR CLASS oc FOR TYPE int USING btree AS OPERATOR 1 <', 'create_other'], // CreateOpClassStmt
  ['CREATE OPERATOR FAMILY of USING btree', 'create_other'], // CreateOpFamilyStmt
  ['CREATE TRANSFORM FOR int LANGUAGE sql (FROM SQL WITH FUNCTION f(internal))', 'create_other'], // CreateTransformStmt
  ['CREATE ACCESS METHOD am TYPE INDEX HANDLER h', 'create_other'], // CreateAmStmt
  ['CREATE STATISTICS st ON a, b FROM t', 'create_other'], // CreateStatsStmt
  ['ALTER TABLE t RENAME TO t3', 'alter_other'], // RenameStmt
  ['ALTER TABLE t SET SCHEMA s2', 'alter_other'], // AlterObjectSchemaStmt
  ['ALTER TYPE ct OWNER TO r', 'alter_other'], // AlterOwnerStmt
  ['ALTER FUNCTION f() DEPENDS ON EXTENSION hstore', 'alter_other'], // AlterObjectDependsStmt
  ["ALTER TYPE en ADD VALUE 'b'", 'alter_other'], // AlterEnumStmt
  ['ALTER DOMAIN dm SET NOT NULL', 'alter_other'], // AlterDomainStmt
  ['ALTER OPERATOR + (int, int) SET (RESTRICT = NONE)', 'alter_other'], // AlterOperatorStmt
  ['ALTER TYPE rg SET (SEND = NONE)', 'alter_other'], // AlterTypeStmt
  ['ALTER STATISTICS st SET STATISTICS 10', 'alter_other'], // AlterStatsStmt
  ['ALTER COLLATION co REFRESH VERSION', 'alter_other'], // AlterCollationStmt
  ['ALTER TEXT SEARCH CONFIGURATION tc ADD MAPPING FOR word WITH simple', 'alter_other'], // AlterTSConfigurationStmt
  ['ALTER TEXT SEARCH DICTIONARY td (StopWords = english)', 'alter_other'], // AlterTSDictionaryStmt
  ['ALTER FUNCTION f() IMMUTABLE', 'alter_function'], // AlterFunctionStmt
];

/** Types whose kind depends on the statement's own options. */
const BY_OPTION: Array<[string, string]> = [
  ['SELECT 1 INTO t9', 'select_into'],
  ['CREATE MATERIALIZED VIEW m AS SELECT 1', 'create_materialized_view'],
  ['CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$', 'create_procedure'],
  ['CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$', 'create_function'],
  ['EXPLAIN SELECT 1', 'explain'],
  ['EXPLAIN ANALYZE SELECT 1', 'explain_analyze'],
  ['GRANT SELECT ON t TO r', 'grant'],
  ['REVOKE SELECT ON t FROM r', 'revoke'],
  ['GRANT r TO u', 'grant_role'],
  ['REVOKE r FROM u', 'revoke_role'],
  ['VACUUM t', 'vacuum'],
  ['ANALYZE t', 'analyze'],
  ['SET ROLE r', 'set_role'],
  ['SET SESSION AUTHORIZATION u', 'set_session_authorization'],
  ['RESET work_mem', 'reset'],
  ['SET work_mem = 1', 'set'],
];

/** Calls that only read, or touch nothing but the session in ways the danger flags cover. */
const READ_ONLY = [
  'SELECT 1', 'SHOW work_mem', 'EXPLAIN SELECT 1', "SET work_mem = '1MB'", 'RESET work_mem', 'BEGIN', 'DEALLOCATE ALL', 'UNLISTEN ch', 'DISCARD PLANS',
  'PREPARE q AS SELECT 1; EXECUTE q', 'BEGIN; DECLARE c CURSOR FOR SELECT 1; FETCH c; CLOSE c; COMMIT',
];

/** Calls whose effect is a lock, a message, code or a change of role: neither read-only nor a write of data. */
const NEITHER = ['DO $$ BEGIN END $$', 'LOCK TABLE t', 'LISTEN ch', 'NOTIFY ch', "LOAD 'x'", 'SET ROLE r', 'SET SESSION AUTHORIZATION u'];

const kindOf = (sql: string) => classifySql(sql).statements[0]?.kind;

before(() => initSqlParser());

describe('statement kinds', () => {
  it('names a statement of every type in the kind table by its kind', () => {
    const wrong = BY_TABLE.filter(([sql, kind]) => kindOf(sql) !== kind).map(([sql, kind]) => `${sql}: want ${kind}, have ${kindOf(sql)}`);
    assert.deepEqual(wrong, []);
  });

  it('names a statement whose kind depends on its options by that kind', () => {
    const wrong = BY_OPTION.filter(([sql, kind]) => kindOf(sql) !== kind).map(([sql, kind]) => `${sql}: want ${kind}, have ${kindOf(sql)}`);
    assert.deepEqual(wrong, []);
  });

  it('reads as read-only only the calls that read or touch nothing but the session', () => {
    const wrong = READ_ONLY.filter((sql) => !classifySql(sql).readOnly || classifySql(sql).writes);
    assert.deepEqual(wrong, []);
  });

  it('counts a lock, a message, code and a change of role as neither read-only nor a write', () => {
    const wrong = NEITHER.filter((sql) => classifySql(sql).readOnly || classifySql(sql).writes);
    assert.deepEqual(wrong, []);
  });

  it('keeps the snake_case name of a type the table does not list, as a write', () => {
    const facts = classifySql('CREATE PUBLICATION pub FOR ALL TABLES');
    assert.equal(facts.statements[0]?.kind, 'create_publication');
    assert.equal(facts.statements[0]?.writes, true);
    assert.equal(facts.readOnly, false);
  });
  it('names the relation a DROP of a table, view, materialized view, foreign table or sequence removes, as written', () => {
    for (const what of ['TABLE', 'VIEW', 'MATERIALIZED VIEW', 'FOREIGN TABLE', 'SEQUENCE']) {
      const facts = classifySql(`DROP ${what} public.gone`);
      assert.deepEqual([facts.tables, facts.writtenTables], [['public.gone'], ['public.gone']], what);
    }
    // An index is no relation a policy names by table.
    assert.deepEqual(classifySql('DROP INDEX gone_idx').tables ?? [], []);
  });
});

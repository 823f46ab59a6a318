// Every statement kind a policy can name, from one statement of each node type the classifier
// knows: the name is the policy's vocabulary (a rule matching 'alter_function' must see exactly
// that), and whether the kind writes decides what a read-only call may hold.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifySql, initSqlParser } from '../../tools/postgres/classify/index.ts';

before(() => initSqlParser());

/** [sql, the kind of a statement it holds, whether that statement writes]. */
const KINDS: ReadonlyArray<readonly [string, string, boolean]> = [
  ['SELECT 1', 'select', false],
  ['SELECT 1 INTO t', 'select_into', true],
  ['INSERT INTO t VALUES (1)', 'insert', true],
  ['UPDATE t SET a = 1 WHERE id = 2', 'update', true],
  ['DELETE FROM t WHERE id = 2', 'delete', true],
  ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE', 'merge', true],
  ['TRUNCATE t', 'truncate', true],
  ['DROP TABLE t', 'drop', true],
  ['CREATE TABLE t (a int)', 'create_table', true],
  ['CREATE TABLE t AS SELECT 1', 'create_table_as', true],
  ['CREATE MATERIALIZED VIEW m AS SELECT 1', 'create_materialized_view', true],
  ['CREATE INDEX i ON t (a)', 'create_index', true],
  ['CREATE VIEW v AS SELECT 1', 'create_view', true],
  ['CREATE EXTENSION hstore', 'create_extension', true],
  ['CREATE ROLE r', 'create_role', true],
  ['ALTER ROLE r NOLOGIN', 'alter_role', true],
  ["ALTER ROLE r SET work_mem = '1MB'", 'alter_role', true],
  ['DROP ROLE r', 'drop_role', true],
  ['ALTER TABLE t ADD COLUMN b int', 'alter_table', true],
  ["ALTER SYSTEM SET work_mem = '1MB'", 'alter_system', true],
  ['COPY t FROM STDIN', 'copy', true],
  ['DO $$ BEGIN END $$', 'do', false],
  ['CALL p()', 'call', true],
  ['SHOW work_mem', 'show', false],
  ['BEGIN', 'transaction', false],
  // prepared in this call, so what it runs is known (one prepared elsewhere counts as a write)
  ['PREPARE q AS SELECT 1', 'prepare', false],
  ['PREPARE q AS SELECT 1; EXECUTE q', 'execute', false],
  ['DEALLOCATE q', 'deallocate', false],
  ['LOCK TABLE t', 'lock', false],
  ['REINDEX TABLE t', 'reindex', true],
  ['CLUSTER t USING i', 'cluster', true],
  ['LISTEN c', 'listen', false],
  ["NOTIFY c, 'x'", 'notify', false],
  ['UNLISTEN c', 'unlisten', false],
  // DISCARD ALL and TEMP drop the session's temporary tables; PLANS does not
  ['DISCARD PLANS', 'discard', false],
  ["COMMENT ON TABLE t IS 'x'", 'comment', true],
  ["SECURITY LABEL ON TABLE t IS 'x'", 'security_label', true],
  ["LOAD 'auto_explain'", 'load', false],
  ['CREATE LANGUAGE l HANDLER h', 'create_language', true],
  ['CHECKPOINT', 'checkpoint', true],
  ['REFRESH MATERIALIZED VIEW m', 'refresh_materialized_view', true],
  ['DECLARE c CURSOR FOR SELECT 1', 'declare_cursor', false],
  ['FETCH c', 'fetch', false],
  ['CLOSE c', 'close', false],
  ['CREATE SEQUENCE s', 'create_sequence', true],
  ['ALTER SEQUENCE s RESTART', 'alter_sequence', true],
  ['CREATE TRIGGER g AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()', 'create_trigger', true],
  ['CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f()', 'create_event_trigger', true],
  ['CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING', 'create_rule', true],
  ['CREATE DATABASE d', 'create_database', true],
  ['DROP DATABASE d', 'drop_database', true],
  ['ALTER DATABASE d CONNECTION LIMIT 1', 'alter_database', true],
  ["ALTER DATABASE d SET work_mem = '1MB'", 'alter_database', true],
  ["CREATE TABLESPACE s LOCATION '/tmp/s'", 'create_tablespace', true],
  ['DROP TABLESPACE s', 'drop_tablespace', true],
  ['ALTER TABLESPACE s SET (seq_page_cost = 1)', 'alter_tablespace', true],
  ['CREATE SERVER s FOREIGN DATA WRAPPER w', 'create_server', true],
  ["ALTER SERVER s OPTIONS (host 'x')", 'alter_server', true],
  ['CREATE FOREIGN DATA WRAPPER w', 'create_foreign_data_wrapper', true],
  ['ALTER FOREIGN DATA WRAPPER w NO VALIDATOR', 'alter_foreign_data_wrapper', true],
  ['ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r', 'alter_default_privileges', true],
  ['CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int)', 'create_other', true],
  ['CREATE TYPE c AS (a int)', 'create_other', true],
  ["CREATE TYPE e AS ENUM ('a')", 'create_other', true],
  ['CREATE TYPE r AS RANGE (subtype = int)', 'create_other', true],
  ['CREATE DOMAIN d AS int', 'create_other', true],
  ['CREATE CAST (int AS text) WITH INOUT', 'create_other', true],
  ["CREATE CONVERSION c FOR 'LATIN1' TO 'UTF8' FROM f", 'create_other', true],
  ['CREATE OPERATOR CLASS c FOR TYPE int USING btree AS OPERATOR 1 <', 'create_other', true],
  ['CREATE OPERATOR FAMILY f USING btree', 'create_other', true],
  ['CREATE TRANSFORM FOR int LANGUAGE sql (FROM SQL WITH FUNCTION f(internal))', 'create_other', true],
  ['CREATE ACCESS METHOD m TYPE INDEX HANDLER h', 'create_other', true],
  ['CREATE STATISTICS s ON a, b FROM t', 'create_other', true],
  ['ALTER TABLE t RENAME TO u', 'alter_other', true],
  ['ALTER TABLE t SET SCHEMA s', 'alter_other', true],
  ['ALTER TYPE c OWNER TO r', 'alter_other', true],
  ['ALTER INDEX i DEPENDS ON EXTENSION e', 'alter_other', true],
  ["ALTER TYPE e ADD VALUE 'b'", 'alter_other', true],
  ['ALTER DOMAIN d SET NOT NULL', 'alter_other', true],
  ['ALTER OPERATOR < (int, int) SET (restrict = eqsel)', 'alter_other', true],
  ['ALTER TYPE c SET (storage = plain)', 'alter_other', true],
  ['ALTER STATISTICS s SET STATISTICS 10', 'alter_other', true],
  ['ALTER COLLATION c REFRESH VERSION', 'alter_other', true],
  ['ALTER TEXT SEARCH CONFIGURATION c DROP MAPPING FOR word', 'alter_other', true],
  ['ALTER TEXT SEARCH DICTIONARY d (x = 1)', 'alter_other', true],
  ['ALTER FUNCTION f() IMMUTABLE', 'alter_function', true],
  ['CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$', 'create_function', true],
  ['CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$', 'create_procedure', true],
  ['EXPLAIN SELECT 1', 'explain', false],
  ['EXPLAIN ANALYZE SELECT 1', 'explain_analyze', false],
  ['GRANT SELECT ON t TO r', 'grant', true],
  ['REVOKE SELECT ON t FROM r', 'revoke', true],
  ['GRANT r TO s', 'grant_role', true],
  ['REVOKE r FROM s', 'revoke_role', true],
  ['VACUUM t', 'vacuum', true],
  ['ANALYZE t', 'analyze', true],
];

describe('statement kinds', () => {
  it('names each statement node type as policies name it, and says whether it writes', () => {
    const wrong: string[] = [];
    for (const [sql, kind, writes] of KINDS) {
      const facts = classifySql(sql);
      const first = facts.statements.find((s) => s.kind === kind) ?? facts.statements[0];
      if (!facts.parsed || first?.kind !== kind || first.writes !== writes) wrong.push(`${sql}: ${facts.error || `${first?.kind} writes=${first?.writes}`}, want ${kind} writes=${writes}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('keeps the snake_case name of a node type it does not list, and counts it as a write', () => {
    const first = classifySql('IMPORT FOREIGN SCHEMA s FROM SERVER f INTO t').statements[0];
    assert.equal(first?.kind, 'import_foreign_schema');
    assert.equal(first?.writes, true);
  });
});

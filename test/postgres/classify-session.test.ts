// Facts about what a call reaches beyond itself on its session: cursors and prepared statements it
// uses without creating them (foreignSessionObjects), and COPY to or from the client (clientCopy).
// The pack refuses both before anything runs; these are the classifier's half.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifySql, initSqlParser } from '../../tools/postgres/classify/index.ts';

describe('session objects and client COPY as facts', () => {
  before(async () => {
    await initSqlParser();
  });

  it('names cursors and prepared statements used but not created earlier in the same call', () => {
    const cases: Array<[string, string[]]> = [
      ['FETCH ALL FROM held', ['cursor held']],
      ['FETCH NEXT IN held', ['cursor held']],
      ['MOVE FORWARD 5 IN held', ['cursor held']],
      ['CLOSE held', ['cursor held']],
      ['EXECUTE kept', ['prepared statement kept']],
      ["EXECUTE kept(1, 'a')", ['prepared statement kept']],
      ['DEALLOCATE kept', ['prepared statement kept']],
      ['DEALLOCATE PREPARE kept', ['prepared statement kept']],
      ['EXPLAIN EXECUTE kept', ['prepared statement kept']],
      ['EXPLAIN ANALYZE EXECUTE kept', ['prepared statement kept']],
      ['CREATE TABLE copy_of AS EXECUTE kept', ['prepared statement kept']],
      ['FETCH ALL FROM "Held"', ['cursor Held']],
      // Used before it is created: the first use reaches another call's object of that name.
      ['FETCH 1 FROM c; DECLARE c CURSOR FOR SELECT 1', ['cursor c']],
      ['EXECUTE p; PREPARE p AS SELECT 1', ['prepared statement p']],
      // A plain EXPLAIN plans a DECLARE without creating the cursor.
      ['EXPLAIN DECLARE c CURSOR FOR SELECT 1; FETCH c', ['cursor c']],
      ['FETCH a; FETCH a; CLOSE b', ['cursor a', 'cursor b']],
    ];
    for (const [sql, expected] of cases) assert.deepEqual(classifySql(sql).foreignSessionObjects, expected, sql);
  });

  it('names nothing for objects the call creates itself, for CLOSE ALL and DEALLOCATE ALL, and for plain SQL', () => {
    for (const sql of [
      'DECLARE c CURSOR FOR SELECT 1; FETCH ALL FROM c; MOVE BACKWARD ALL IN c; CLOSE c',
      'DECLARE c CURSOR WITH HOLD FOR SELECT 1; FETCH c',
      'PREPARE p AS SELECT 1; EXECUTE p; EXPLAIN EXECUTE p; DEALLOCATE p',
      'PREPARE p(int) AS SELECT $1; EXECUTE p(1)',
      'CLOSE ALL',
      'DEALLOCATE ALL',
      'SELECT 1',
      'SELECT 1; DROP TABLE t',
    ]) {
      assert.deepEqual(classifySql(sql).foreignSessionObjects, [], sql);
    }
    assert.deepEqual(classifySql('SELECT 1 +').foreignSessionObjects, [], 'an unreadable call has the fact too');
  });

  it('marks COPY to or from the client, and only that', () => {
    for (const sql of ['COPY customers TO STDOUT', 'COPY (SELECT 1) TO STDOUT WITH (FORMAT csv)', 'COPY customers FROM STDIN', 'copy customers (id) from stdin with (format binary)', 'SELECT 1; COPY t TO STDOUT']) {
      assert.equal(classifySql(sql).clientCopy, true, sql);
    }
    for (const sql of ["COPY customers TO '/tmp/out.csv'", "COPY customers FROM '/tmp/in.csv'", "COPY customers TO PROGRAM 'cat'", 'SELECT 1', "DO $$ BEGIN EXECUTE 'COPY t TO STDOUT'; END $$"]) {
      assert.equal(classifySql(sql).clientCopy, false, sql);
    }
  });
});

// UPDATE pg_settings runs set_config for every row it touches: it must raise what SET and
// set_config raise for the same settings, in every spelling, and a grant for one setting must not
// cover another. Where the rows touched cannot be told from the text, any setting may change.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifySql, initSqlParser, sqlGrantShape, type SqlFacts } from '../../tools/postgres/classify/index.ts';

before(() => initSqlParser());

const ANY_SETTING = { guardSettingChange: true, roleChange: true, sessionAuthorization: true, configChange: true };

function assertDangers(facts: SqlFacts, expected: Record<string, boolean>, sql: string): void {
  assert.equal(facts.parsed, true, `${sql}: ${facts.error}`);
  for (const [flag, value] of Object.entries(expected)) assert.equal(facts.danger[flag as keyof SqlFacts['danger']], value, `${sql}: danger.${flag}`);
  assert.equal(facts.readOnly, false, `${sql}: readOnly`);
  assert.equal(facts.writes, true, `${sql}: writes`);
}

describe('UPDATE pg_settings raises what SET raises', () => {
  const sameAsSet: Array<[sql: string, setForm: string]> = [
    ["UPDATE pg_settings SET setting = 'admin' WHERE name = 'role'", "SET ROLE admin"],
    ["UPDATE pg_settings SET setting = 'admin' WHERE name = 'session_authorization'", "SET SESSION AUTHORIZATION admin"],
    ["UPDATE pg_settings SET setting = 'evil' WHERE name = 'search_path'", 'SET search_path = evil'],
    ["UPDATE pg_settings SET setting = '0' WHERE name = 'statement_timeout'", 'SET statement_timeout = 0'],
    ["UPDATE pg_settings SET setting = 'off' WHERE name = 'default_transaction_read_only'", 'SET default_transaction_read_only = off'],
    ["UPDATE pg_settings SET setting = 'replica' WHERE name = 'session_replication_role'", 'SET session_replication_role = replica'],
  ];
  for (const [sql, setForm] of sameAsSet) {
    it(`${sql} raises the flags of ${setForm}`, () => {
      const set = classifySql(setForm);
      const facts = classifySql(sql);
      const raised = Object.entries(set.danger).filter(([, on]) => on).map(([flag]) => flag);
      assert.ok(raised.length > 0, `${setForm} raises something`);
      assertDangers(facts, Object.fromEntries(raised.map((f) => [f, true])), sql);
      assert.equal(facts.danger.configChange, true);
      for (const name of set.settings) assert.ok(facts.settings.includes(name) || facts.settings.includes('*'), `${sql}: settings ${facts.settings.join(',')}`);
    });
  }

  const roleSpellings = [
    "UPDATE \"pg_settings\" SET setting = 'admin' WHERE name = 'role'",
    "UPDATE pg_catalog.pg_settings SET setting = 'admin' WHERE name = 'role'",
    "UPDATE \"pg_catalog\".\"pg_settings\" SET setting = 'admin' WHERE \"name\" = 'role'",
    "UPDATE ONLY pg_settings SET setting = 'admin' WHERE name = 'role'",
    "UPDATE pg_settings AS s SET setting = 'admin' WHERE s.name = 'role'",
    "UPDATE pg_settings SET setting = 'admin' WHERE pg_settings.name = 'role'",
    "UPDATE pg_settings SET setting = 'admin' WHERE 'role' = name",
    "UPDATE pg_settings SET setting = 'admin' WHERE name = 'ROLE'",
    "UPDATE pg_settings SET setting = 'admin' WHERE name = 'Role'::text",
    "UPDATE pg_settings SET setting = 'admin' WHERE name IN ('work_mem', 'role')",
    "UPDATE pg_settings SET setting = 'admin' WHERE name = ANY('{work_mem,role}')",
    "UPDATE pg_settings SET setting = 'admin' WHERE name = ANY(ARRAY['work_mem', 'role'])",
    "UPDATE pg_settings SET setting = 'admin' WHERE name = 'work_mem' OR name = 'role'",
    "UPDATE pg_settings SET setting = 'admin' WHERE name LIKE 'ro%'",
    "UPDATE pg_settings SET setting = 'admin' WHERE name ILIKE 'ROLE'",
    "UPDATE pg_settings SET setting = 'admin' WHERE name ~ '^ro'",
    "UPDATE pg_settings SET setting = 'admin' WHERE lower(name) = 'role'",
    "UPDATE pg_settings SET setting = 'admin' WHERE name <> 'work_mem'",
    "UPDATE pg_settings SET setting = 'admin' WHERE NOT name = 'work_mem'",
    "UPDATE pg_settings SET setting = 'admin' WHERE name = 'work_mem' OR true",
    "UPDATE pg_settings SET setting = 'admin' WHERE context = 'user'",
    "UPDATE pg_settings SET setting = 'admin' WHERE name = (SELECT 'role')",
    "UPDATE pg_settings SET setting = 'admin' WHERE name = $1",
    "UPDATE pg_settings SET setting = 'admin' WHERE name = 'role' COLLATE \"C\"",
    "UPDATE pg_settings SET setting = 'admin'",
    "UPDATE pg_settings s SET setting = 'admin' FROM (VALUES ('role')) v(n) WHERE s.name = v.n",
    "UPDATE pg_settings s SET setting = 'admin' FROM (VALUES ('x')) AS t(name) WHERE t.name = 'x'",
    "WITH x AS (UPDATE pg_settings SET setting = 'admin' WHERE name = 'role' RETURNING 1) SELECT * FROM x",
    "WITH x AS (UPDATE pg_settings SET setting = 'admin' WHERE name LIKE '%' RETURNING 1) SELECT 1",
    "SELECT 1; UPDATE pg_settings SET setting = 'admin' WHERE name = 'role'",
    "DO $$ BEGIN UPDATE pg_settings SET setting = 'admin' WHERE name = 'role'; END $$",
    // A PL/pgSQL variable (or a block label) may stand where the column is named.
    "DO $$ #variable_conflict use_variable\nDECLARE name text := 'work_mem'; BEGIN UPDATE pg_settings SET setting = 'admin' WHERE name = 'work_mem'; END $$",
    "DO $$ <<pg_settings>> DECLARE name text := 'work_mem'; BEGIN UPDATE pg_catalog.pg_settings SET setting = '0' WHERE pg_settings.name = 'work_mem'; END $$",
    "SELECT * FROM query_to_xml('UPDATE pg_settings SET setting = ''admin'' WHERE name = ''role''', true, true, '')",
  ];
  for (const sql of roleSpellings) {
    it(`role change: ${sql.replace(/\s+/g, ' ')}`, () => {
      assertDangers(classifySql(sql), { roleChange: true, guardSettingChange: true, configChange: true }, sql);
    });
  }

  it('fails closed on a WHERE that does not name the setting: any setting', () => {
    for (const sql of ["UPDATE pg_settings SET setting = '0' WHERE context = 'user'", "UPDATE pg_settings SET setting = '0'"]) {
      const facts = classifySql(sql);
      assertDangers(facts, ANY_SETTING, sql);
      assert.deepEqual(facts.settings, ['*']);
    }
  });

  it('names the settings an UPDATE touches when the WHERE lists them', () => {
    assert.deepEqual(classifySql("UPDATE pg_settings SET setting = '64MB' WHERE name = 'work_mem'").settings, ['work_mem']);
    assert.deepEqual([...classifySql("UPDATE pg_settings SET setting = '1' WHERE name IN ('Work_Mem', 'search_path')").settings].sort(), ['search_path', 'work_mem']);
    assert.deepEqual(classifySql("UPDATE pg_settings SET setting = '1' WHERE name = 'work_mem' AND setting <> '1'").settings, ['work_mem']);
    // The server takes the schema-qualified column of a target written bare, and the other way round.
    assert.deepEqual(classifySql("UPDATE pg_settings SET setting = '1' WHERE pg_catalog.pg_settings.name = 'work_mem'").settings, ['work_mem']);
    assert.deepEqual(classifySql("UPDATE pg_catalog.pg_settings SET setting = '1' WHERE pg_settings.name = 'work_mem'").settings, ['work_mem']);
  });

  it('a plain EXPLAIN of the UPDATE changes nothing', () => {
    const facts = classifySql("EXPLAIN UPDATE pg_settings SET setting = 'admin' WHERE name = 'role'");
    assert.equal(facts.danger.roleChange, false);
  });

  it('reading pg_settings stays read-only', () => {
    assert.equal(classifySql("SELECT setting FROM pg_settings WHERE name = 'role'").readOnly, true);
  });
});

describe('grants on UPDATE pg_settings', () => {
  const shape = (sql: string, params?: unknown[]) => sqlGrantShape(sql, params).shape;

  it('the setting name is not a varying value', () => {
    const approved = shape("UPDATE pg_settings SET setting = 'public' WHERE name = 'search_path'");
    for (const other of [
      "UPDATE pg_settings SET setting = 'public' WHERE name = 'role'",
      "UPDATE pg_settings SET setting = 'public' WHERE name = 'work_mem'",
      "UPDATE pg_settings SET setting = 'public' WHERE name = 'statement_timeout'",
      "UPDATE pg_settings SET setting = 'public' WHERE name = 'Search_Path'",
    ]) assert.notEqual(shape(other), approved, other);
  });

  it('nor is the value set', () => {
    assert.notEqual(shape("UPDATE pg_settings SET setting = 'evil' WHERE name = 'search_path'"), shape("UPDATE pg_settings SET setting = 'public' WHERE name = 'search_path'"));
    assert.notEqual(shape("UPDATE pg_settings SET setting = '0' WHERE name = 'work_mem'"), shape("UPDATE pg_settings SET setting = '64MB' WHERE name = 'work_mem'"));
  });

  it('nor a parameter naming the setting', () => {
    const sql = 'UPDATE pg_settings SET setting = $2 WHERE name = $1';
    assert.notEqual(shape(sql, ['search_path', 'public']), shape(sql, ['role', 'public']));
    assert.notEqual(shape(sql, ['search_path', 'public']), shape(sql, ['search_path', 'evil']));
  });

  it('in a CTE too', () => {
    const cte = (name: string) => `WITH x AS (UPDATE pg_settings SET setting = 'public' WHERE name = '${name}' RETURNING 1) SELECT * FROM x`;
    assert.notEqual(shape(cte('search_path')), shape(cte('work_mem')));
    assert.deepEqual(sqlGrantShape(cte('work_mem')).varies, []);
  });

  it('other tables keep their varying values', () => {
    assert.equal(shape("UPDATE orders SET status = 'a' WHERE name = 'x'"), shape("UPDATE orders SET status = 'b' WHERE name = 'y'"));
  });
});

describe('views over pg_settings', () => {
  // An UPDATE of a view over pg_settings reaches pg_settings' rule: the view is a setter that a later
  // call can use under a name nobody flags, so defining it changes any setting.
  for (const sql of [
    'CREATE VIEW v AS SELECT * FROM pg_settings',
    'CREATE OR REPLACE VIEW v AS SELECT name, setting FROM pg_catalog.pg_settings WHERE name LIKE \'s%\'',
    "CREATE TEMP VIEW v AS SELECT * FROM pg_settings; UPDATE v SET setting = '0' WHERE name = 'statement_timeout'",
    'CREATE VIEW v AS WITH s AS (SELECT * FROM pg_settings) SELECT * FROM s',
    'DO $$ BEGIN CREATE VIEW v AS SELECT * FROM "pg_settings"; END $$',
  ]) {
    it(`any setting: ${sql}`, () => {
      const facts = classifySql(sql);
      assert.equal(facts.parsed, true, facts.error);
      assert.ok(facts.settings.includes('*'), facts.settings.join(','));
      for (const flag of ['configChange', 'guardSettingChange', 'roleChange'] as const) assert.equal(facts.danger[flag], true, flag);
    });
  }

  it('other views and other catalogs are not setters', () => {
    for (const sql of ['CREATE VIEW v AS SELECT * FROM pg_class', 'CREATE VIEW v AS SELECT * FROM orders']) {
      const facts = classifySql(sql);
      assert.deepEqual(facts.settings, [], sql);
      assert.equal(facts.danger.configChange || facts.danger.catalogWrite, false, sql);
    }
  });
});

describe('which settings an UPDATE pg_settings names', () => {
  const settingsOf = (where: string, set = "setting = '1'") => [...classifySql(`UPDATE pg_settings SET ${set} ${where}`).settings].sort();
  const cases: Array<[where: string, settings: string[]]> = [
    ["WHERE name = 'work_mem'", ['work_mem']],
    ["WHERE 'work_mem' = name", ['work_mem']],
    ["WHERE pg_settings.name = 'work_mem'", ['work_mem']],
    ["WHERE pg_catalog.pg_settings.name = 'work_mem'", ['work_mem']],
    ["WHERE other.pg_settings.name = 'work_mem'", ['*']],
    ["WHERE x.name = 'work_mem'", ['*']],
    ["WHERE setting = 'work_mem'", ['*']],
    ["WHERE \"Name\" = 'work_mem'", ['*']],
    ["WHERE name = name", ['*']],
    ["WHERE name = 1", ['*']],
    ["WHERE name = 'work_mem'::varchar", ['work_mem']],
    ["WHERE name = 'work_mem'::pg_catalog.text", ['work_mem']],
    ["WHERE name = 'work_mem'::public.text", ['*']],
    ["WHERE name = 'work_mem'::citext", ['*']],
    ["WHERE name = 'work_mem'::text[]", ['*']],
    ["WHERE name OPERATOR(pg_catalog.=) 'work_mem'", ['*']],
    ["WHERE name IS NOT DISTINCT FROM 'work_mem'", ['*']],
    ["WHERE name IN ('work_mem', 'TimeZone')", ['timezone', 'work_mem']],
    ["WHERE name IN ('work_mem', upper('x'))", ['*']],
    ["WHERE name NOT IN ('work_mem')", ['*']],
    ["WHERE name = ANY('{work_mem, TimeZone}')", ['timezone', 'work_mem']],
    ["WHERE name = ANY('{work_mem}'::text[])", ['work_mem']],
    ["WHERE name = ANY('{work_mem}'::text)", ['*']],
    ["WHERE name = ANY('{work_mem}'::int[])", ['*']],
    ["WHERE name = ANY(ARRAY['work_mem']::text[])", ['*']],
    ["WHERE name = ANY('{\"work_mem\"}')", ['*']],
    ["WHERE name = ANY('{work_mem,NULL}')", ['*']],
    ["WHERE name = ANY('{}')", ['*']],
    ["WHERE name = ANY('{work_mem,}')", ['*']],
    ["WHERE name = ANY('work_mem')", ['*']],
    // Blanks around the braces are read as the server reads them; dimensions before them ("[1:2]=")
    // and anything after them are not the plain form, so any setting.
    ["WHERE name = ANY(' {work_mem} ')", ['work_mem']],
    ["WHERE name = ANY('[1:2]={role,work_mem}')", ['*']],
    ["WHERE name = ANY('{work_mem}x')", ['*']],
    ["WHERE name = ANY(ARRAY['work_mem', 1])", ['*']],
    ["WHERE name <> ALL('{work_mem}')", ['*']],
    ["WHERE name = 'work_mem' AND setting = '0'", ['work_mem']],
    ["WHERE setting = '0' AND name = 'work_mem'", ['work_mem']],
    ["WHERE setting = '0' AND context = 'user'", ['*']],
    ["WHERE name IN ('work_mem', 'timezone') AND name = 'timezone'", ['timezone']],
    ["WHERE name = 'work_mem' AND name = 'timezone'", []],
    ["WHERE name = 'work_mem' OR name = 'timezone'", ['timezone', 'work_mem']],
    ["WHERE name = 'work_mem' OR setting = '0'", ['*']],
    ["WHERE NOT (name <> 'work_mem')", ['*']],
    ['WHERE CURRENT OF c', ['*']],
  ];
  for (const [where, settings] of cases) it(where, () => assert.deepEqual(settingsOf(where), settings));

  it('reads an AND/OR tree up to a bounded depth, and any setting past it', () => {
    // OR, AND, OR, ...: each AND's other conjunct does not restrict, so every level counts.
    const tree = (depth: number) => `WHERE ${"name = 'work_mem' OR (setting = '0' AND (".repeat(depth)}name = 'work_mem'${'))'.repeat(depth)}`;
    assert.deepEqual(settingsOf(tree(16)), ['work_mem']);
    assert.deepEqual(settingsOf(tree(17)), ['*']);
  });

  it('an alias replaces the name as the qualifier', () => {
    const facts = (sql: string) => [...classifySql(sql).settings];
    assert.deepEqual(facts("UPDATE pg_settings AS s SET setting = '1' WHERE s.name = 'work_mem'"), ['work_mem']);
    assert.deepEqual(facts("UPDATE pg_settings AS s SET setting = '1' WHERE pg_settings.name = 'work_mem'"), ['*']);
    assert.deepEqual(facts("UPDATE pg_catalog.pg_settings SET setting = '1' WHERE pg_catalog.pg_settings.name = 'work_mem'"), ['work_mem']);
    assert.deepEqual(facts("UPDATE public.pg_settings SET setting = '1' WHERE name = 'work_mem'"), []);
  });

  it('a FROM list makes any setting', () => {
    assert.deepEqual(classifySql("UPDATE pg_settings SET setting = '1' FROM t WHERE pg_settings.name = 'work_mem'").settings, ['*']);
  });

  it('takes the value from a single constant set to the setting column', () => {
    const guard = (set: string) => classifySql(`UPDATE pg_settings SET ${set} WHERE name = 'default_transaction_read_only'`).danger.guardSettingChange;
    assert.equal(guard("setting = 'on'"), false);
    assert.equal(guard("setting = 'off'"), true);
    assert.equal(guard("setting = lower('on')"), true);
    assert.equal(guard("reset_val = 'on'"), true);
    assert.equal(guard("setting = 'on', unit = 'on'"), true);
    assert.equal(guard("setting[1] = 'on'"), true);
  });
});

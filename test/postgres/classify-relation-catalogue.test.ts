// System relations whose use is a danger, relation by relation: the views that read server files,
// the catalogs that hold password hashes or remote credentials, and writes to catalogs. Every name is
// written out here, so a name the classifier's lists lose is seen.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifySql, DANGER_FLAGS, initSqlParser } from '../../tools/postgres/classify/index.ts';

const FILE_VIEWS = ['pg_file_settings', 'pg_hba_file_rules', 'pg_ident_file_mappings'];
const CREDENTIALS = ['pg_authid', 'pg_shadow', 'pg_user_mappings', 'pg_user_mapping'];

const flagsOf = (sql: string) => {
  const facts = classifySql(sql);
  return DANGER_FLAGS.filter((f) => facts.danger[f]);
};

before(() => initSqlParser());

describe('relation catalogue', () => {
  it('raises file access for a read of every view of server files, plain or qualified with pg_catalog', () => {
    const missed = FILE_VIEWS.flatMap((name) => [name, `pg_catalog.${name}`]).filter((name) => !flagsOf(`SELECT * FROM ${name}`).includes('fileAccess'));
    assert.deepEqual(missed, []);
  });

  it('raises credential access for a read of every catalog of password hashes or remote credentials', () => {
    const missed = CREDENTIALS.flatMap((name) => [name, `pg_catalog.${name}`]).filter((name) => !flagsOf(`SELECT * FROM ${name}`).includes('credentialAccess'));
    assert.deepEqual(missed, []);
  });

  it('raises nothing for a namesake in another schema', () => {
    assert.deepEqual(flagsOf('SELECT * FROM public.pg_authid'), []);
    assert.deepEqual(flagsOf('SELECT * FROM public.pg_hba_file_rules'), []);
    assert.deepEqual(flagsOf('INSERT INTO public.pg_class VALUES (1)'), []);
  });

  it('reads a write to a catalog as a catalog write, and a write to pg_settings as a settings change', () => {
    assert.deepEqual(flagsOf("UPDATE pg_class SET relname = 'x' WHERE oid = 1"), ['catalogWrite']);
    assert.deepEqual(flagsOf("UPDATE pg_settings SET setting = '1' WHERE name = 'work_mem'"), ['configChange']);
    assert.deepEqual(flagsOf('SELECT * FROM pg_settings'), []);
  });
});

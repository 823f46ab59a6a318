import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResultColumn } from '../../src/pipeline/result.ts';
import { columnLabel, compileColumnRules, compileProtection, unionProtection } from '../../src/masking/column-rules.ts';
import { ProfileSchema } from '../../src/masking/index.ts';

const rulesFor = (...match: string[]) => compileColumnRules(ProfileSchema.parse({ columns: match.map((m) => ({ match: m })) }).columns);
const col = (name: string, table?: string, column?: string): ResultColumn => ({ name, type: 'text', table, column });

describe('column rules', () => {
  it('matches table.column against the unqualified table of any schema', () => {
    const match = rulesFor('customers.email');
    assert.ok(match(col('email', 'public.customers', 'email')));
    assert.ok(match(col('email', 'crm.customers', 'email')));
    assert.ok(match(col('email', 'customers', 'email')));
    assert.equal(match(col('email', 'public.suppliers', 'email')), undefined);
  });

  it('matches schema.table.column only in that schema, or when the schema is unknown', () => {
    const match = rulesFor('public.customers.ssn');
    assert.ok(match(col('ssn', 'public.customers', 'ssn')));
    assert.ok(match(col('ssn', 'customers', 'ssn')));
    assert.equal(match(col('ssn', 'archive.customers', 'ssn')), undefined);
  });

  it('matches globs in every part, case-insensitively', () => {
    const match = rulesFor('*.card_number', '*password*', 'sec?et');
    assert.ok(match(col('card_number', 'billing.cards', 'card_number')));
    assert.ok(match(col('CARD_NUMBER', 'cards', 'CARD_NUMBER')));
    assert.ok(match(col('DB_PASSWORD_HASH')));
    assert.ok(match(col('secret')));
    assert.equal(match(col('secrets')), undefined);
    assert.equal(match(col('card_numbers', 'cards', 'card_numbers')), undefined);
  });

  it('catches an aliased column by its source and a computed column by its name', () => {
    const match = rulesFor('users.password', '*.email');
    assert.ok(match(col('x', 'public.users', 'password')), 'alias of a source column');
    assert.ok(match(col('email')), 'computed column: "*" table fits an unknown table');
    assert.equal(rulesFor('users.password')(col('password')), undefined, 'a named table needs a known table');
  });

  it('matches a computed column by its name alone, never by a source it does not have', () => {
    const match = rulesFor('*def*', 'null*');
    assert.equal(match(col('total')), undefined, 'no source column: nothing to match but the name');
    assert.ok(match(col('undefined_total')));
  });

  it('returns the first matching rule', () => {
    const columns = ProfileSchema.parse({
      columns: [
        { match: '*.email', style: 'partial' },
        { match: 'email', style: 'null' },
      ],
    }).columns;
    assert.equal(compileColumnRules(columns)(col('email'))?.style, 'partial');
  });

  it('labels a column by its source when known', () => {
    assert.equal(columnLabel(col('e', 'public.customers', 'email')), 'public.customers.email');
    assert.equal(columnLabel(col('total')), 'total');
  });
});

describe('column protection of several profiles', () => {
  const protectionOf = (...match: string[]) => compileProtection(ProfileSchema.parse({ columns: match.map((m) => ({ match: m })) }).columns);

  it('protects a column, a table and anything at all when any one profile does', () => {
    const union = unionProtection([protectionOf('customers.email'), protectionOf('users.password'), protectionOf()]);
    assert.ok(union.column('public.customers', 'email'));
    assert.ok(union.column('public.users', 'password'));
    assert.equal(union.column('public.users', 'email'), false);
    assert.ok(union.table('public.customers'));
    assert.ok(union.table('users'));
    assert.equal(union.table('public.orders'), false);
    assert.ok(union.any);
  });

  it('protects nothing when no profile has a column rule', () => {
    const union = unionProtection([protectionOf(), protectionOf()]);
    assert.equal(union.column('public.users', 'password'), false);
    assert.equal(union.table('public.users'), false);
    assert.equal(union.any, false);
  });
});

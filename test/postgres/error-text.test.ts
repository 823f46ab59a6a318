// The fragment filter for PostgreSQL error text: what the agent wrote stays readable, anything that
// could be a value it did not write is withheld. The messages are the server's own (PostgreSQL 15).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withholdValues, wrote } from '../../tools/postgres/error-text.ts';

const W = '…(value withheld)';

describe('PostgreSQL error text shown to the agent', () => {
  it('keeps an identifier the agent wrote', () => {
    assert.equal(withholdValues('column "emial" does not exist', 'SELECT emial FROM customers'), 'column "emial" does not exist');
    assert.equal(withholdValues('column c.emial does not exist', 'SELECT c.emial FROM customers c'), 'column c.emial does not exist');
    const sql = 'INSERT INTO customers (name, email) VALUES (NULL, $1)';
    assert.equal(withholdValues('null value in column "name" of relation "customers" violates not-null constraint', sql), 'null value in column "name" of relation "customers" violates not-null constraint');
  });

  it('withholds a quoted value the agent did not write, and keeps one it did', () => {
    assert.equal(withholdValues('invalid input syntax for type integer: "ada@example.com"', 'SELECT email::int FROM customers'), `invalid input syntax for type integer: "${W}"`);
    assert.equal(withholdValues('invalid input syntax for type integer: "abc"', "SELECT 'abc'::int"), 'invalid input syntax for type integer: "abc"');
    assert.equal(withholdValues('invalid value "London" for "Month"', "SELECT to_timestamp(city, 'Month') FROM customers"), `invalid value "${W}" for "Month"`);
    assert.equal(withholdValues("invalid input syntax for type tsquery: 'ada'", 'SELECT name::tsquery FROM customers'), `invalid input syntax for type tsquery: '${W}'`);
  });

  it('counts only whole words of the SQL as written', () => {
    assert.equal(withholdValues('invalid input syntax for type boolean: "a"', 'SELECT name::boolean FROM customers'), `invalid input syntax for type boolean: "${W}"`);
    assert.equal(wrote('a', "SELECT 'a'"), true);
    assert.equal(wrote('4', 'SELECT 1 LIMIT 40'), false);
    assert.equal(wrote('ada', 'SELECT adam'), false);
    assert.equal(wrote('ada', 'SELECT granada'), false, 'the end of a longer word is not the word');
    assert.equal(wrote('4', 'SELECT 1 LIMIT 14'), false);
    assert.equal(wrote('@x', 'SELECT a@x'), true, 'edges that are not word characters need no boundary');
  });

  it('withholds blank values: the SQL always holds a space', () => {
    assert.equal(withholdValues('syntax error at or near " " of jsonpath input', "SELECT 'a b'::jsonpath"), `syntax error at or near "${W}" of jsonpath input`);
    assert.equal(withholdValues('invalid input syntax for type integer: ""', "SELECT ''::int"), `invalid input syntax for type integer: "${W}"`);
  });

  it('withholds tokens with digits, @ or non-ASCII characters unless the SQL has them', () => {
    assert.equal(withholdValues('requested character too large for encoding 1200000000', 'SELECT chr(length(name) * 100000000) FROM customers'), `requested character too large for encoding ${W}`);
    assert.equal(withholdValues('value too long for type character varying(20)', 'SELECT 1'), `value too long for type character varying(${W})`);
    assert.equal(withholdValues('value too long for type character varying(20)', "SELECT 'x'::varchar(20)"), 'value too long for type character varying(20)');
    assert.equal(withholdValues('there is no parameter $1.', 'SELECT $1'), 'there is no parameter $1.');
    assert.equal(withholdValues('sent to ada@example.com today', 'SELECT 1'), `sent to ${W} today`);
    assert.equal(withholdValues('greeting for Zoë', 'SELECT 1'), `greeting for ${W}`);
  });

  it('withholds what follows a colon at the end, unless the agent wrote it', () => {
    assert.equal(withholdValues('invalid regular expression: parentheses () not balanced', "SELECT 'a' ~ name FROM customers"), `invalid regular expression: ${W}`);
    assert.equal(withholdValues('date field value out of range: 12000-13-01', 'SELECT make_date(length(name) * 1000, 13, 1) FROM customers'), `date field value out of range: ${W}`);
    assert.equal(withholdValues('operator does not exist: text = integer', 'SELECT email FROM customers WHERE text = integer'), 'operator does not exist: text = integer');
  });

  it('withholds a key and its values', () => {
    assert.equal(withholdValues('Key (email)=(ada@example.com) already exists.', 'UPDATE customers SET email = $1'), `Key (${W}) already exists.`);
  });

  it('joins a value that brings quotes of its own, whatever lands between them', () => {
    const sql = `SELECT current_setting('x" ' || city || ' "y') FROM customers`;
    assert.equal(withholdValues('unrecognized configuration parameter "x" London "y"', sql), `unrecognized configuration parameter "${W}"`);
    assert.equal(withholdValues('syntax error at or near "" London """', sql), `syntax error at or near "${W}`);
    assert.equal(withholdValues('unrecognized configuration parameter "x" London"', sql), `unrecognized configuration parameter "${W}`, 'an unclosed quote runs to the end');
  });

  it("takes an apostrophe for the server's wording, not a quote", () => {
    assert.equal(withholdValues('CTE "x" is below the aggregate\'s semantic level', 'WITH x AS (SELECT 1) SELECT 1'), 'CTE "x" is below the aggregate\'s semantic level');
  });

  it('reads only the first 1,000 characters, cut at a blank so that no shortened word passes', () => {
    const out = withholdValues(`function f(${'integer, '.repeat(200)}london) does not exist`, 'SELECT 1', 'SELECT f(1, london)');
    assert.ok(out.length < 1100 && out.endsWith('integer, …'), `${out.length}: ${out.slice(-40)}`);
    assert.ok(!out.includes('london'));
  });

  it('withholds the words of SQL the server built from values, which come back unquoted', () => {
    const sql = "SELECT query_to_xml('SELECT c.' || city || ' FROM customers c', true, false, '') FROM customers";
    assert.equal(withholdValues('column c.london does not exist', sql, 'SELECT c.London FROM customers c'), `column ${W} does not exist`);
    assert.equal(withholdValues('function london() does not exist', sql, 'SELECT London()'), `function ${W}() does not exist`);
    assert.equal(withholdValues('column "emial" does not exist', 'DO $$ BEGIN PERFORM emial FROM customers; END $$', 'SELECT emial FROM customers'), 'column "emial" does not exist');
  });

  it('withholds a routine name the server looked up by a value, which it writes unquoted before its arguments', () => {
    // pg_get_object_address('function', ARRAY[translate(email, '@.', '__')], '{}') and its kin.
    const sql = "SELECT pg_get_object_address('function', ARRAY[translate(email, '@.', '__')], '{}') FROM customers";
    for (const kind of ['function', 'aggregate', 'procedure', 'routine']) {
      assert.equal(withholdValues(`${kind} ada_example_com() does not exist`, sql), `${kind} ${W}() does not exist`);
      assert.equal(withholdValues(`${kind} public.moc_elpmaxe_ada(integer) does not exist`, sql), `${kind} ${W}(integer) does not exist`);
    }
    // Decoys: a routine the agent named, and the server's own words before a parenthesis.
    assert.equal(withholdValues('function lower(integer) does not exist', 'SELECT lower(1)'), 'function lower(integer) does not exist');
    assert.equal(withholdValues('function pg_catalog.count(text, text) does not exist', 'SELECT pg_catalog.count(a, b) FROM t'), 'function pg_catalog.count(text, text) does not exist');
    assert.equal(withholdValues('value too long for type character varying(20)', "SELECT 'x'::varchar(20)"), 'value too long for type character varying(20)');
    assert.equal(withholdValues('column "t" is of type timestamp(3) without time zone but expression is of type numeric(10,2)', 'INSERT INTO x (t) VALUES (1.5::numeric(10,2), 3)'), 'column "t" is of type timestamp(3) without time zone but expression is of type numeric(10,2)');
    assert.equal(withholdValues('Key (email)=(ada@example.com) already exists.', 'INSERT INTO customers (email) VALUES ($1)'), `Key (${W}) already exists.`);
  });
});

// Attacks that carry protected values (customers.email, phone, card_number) out through what
// surrounds a result rather than its cells: column and type names, command tags and row counts,
// error messages raised on purpose, the server's own state read back after code lineage cannot
// see into stored a value there, and writes whose results come back in the same call. Grouped by
// sub-class; every statement runs under a policy that allows everything, so masking alone must hold.

/** The first customer's card digits as a number of `n` digits (4111 1111 1111 1111 → 411111). */
const cardDigits = (n: number, c = 'c') => `substr(regexp_replace(${c}.card_number, '[^0-9]', '', 'g'), 1, ${n})::int`;
/** The first customer's email with its marks turned into underscores: a valid bare identifier. */
const emailWord = (c = 'c') => `translate(${c}.email, '@.', '__')`;
const FIRST = 'FROM customers c WHERE c.id = 1';

/** Names and types of result columns, command tags and row counts, built from protected values. */
const metadata = [
  // Column names of a relation the call creates, named by opaque code.
  `DO $$ BEGIN EXECUTE format('CREATE TEMP TABLE meta_a (%I int)', (SELECT reverse(c.email) ${FIRST})); END $$; SELECT * FROM meta_a`,
  `DO $$ BEGIN EXECUTE format('CREATE TEMP VIEW meta_b AS SELECT 1 AS %I', (SELECT reverse(c.phone) ${FIRST})); END $$; SELECT * FROM meta_b`,
  `DO $$ BEGIN EXECUTE format('CREATE TEMP TABLE meta_c AS SELECT 1 AS %I', (SELECT ${emailWord()} ${FIRST})); END $$; TABLE meta_c`,
  // A type named by opaque code: the result column's type name.
  `DO $$ BEGIN EXECUTE format('CREATE DOMAIN pg_temp.%I AS int', (SELECT reverse(c.email) ${FIRST})); EXECUTE format('CREATE TEMP TABLE meta_d AS SELECT 1::pg_temp.%I AS d', (SELECT reverse(c.email) ${FIRST})); END $$; SELECT d FROM meta_d`,
  `DO $$ BEGIN EXECUTE format('CREATE TYPE pg_temp.%I AS (a int)', (SELECT reverse(c.phone) ${FIRST})); EXECUTE format('CREATE TEMP TABLE meta_t AS SELECT NULL::pg_temp.%I AS d', (SELECT reverse(c.phone) ${FIRST})); END $$; SELECT d FROM meta_t`,
  // Row counts: a read of several statements, and writes (whose every tag and count is reported).
  `SELECT 1 AS one; SELECT 1 AS x FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1`,
  `SELECT 1 AS one; SELECT g FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1`,
  `INSERT INTO scratch (v) SELECT 'x' FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1`,
  `INSERT INTO scratch (v) SELECT 'x' FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1 RETURNING id`,
  `UPDATE scratch SET v = 'y' WHERE id <= (SELECT ${cardDigits(6)} ${FIRST})`,
  `DELETE FROM scratch WHERE id <= (SELECT ${cardDigits(6)} ${FIRST})`,
  `MERGE INTO scratch s USING (SELECT g FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1) src ON false WHEN NOT MATCHED THEN INSERT (v) VALUES ('m')`,
  `CREATE TEMP TABLE meta_e AS SELECT 1 AS x FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1`,
  `SELECT 1 AS x INTO TEMP meta_f FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1`,
  `NOTIFY meta_g; DECLARE k CURSOR FOR SELECT 1 FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1; MOVE FORWARD ALL IN k`,
  `NOTIFY meta_h; DECLARE k CURSOR FOR SELECT g FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1; FETCH FORWARD ALL FROM k`,
  `PREPARE p AS INSERT INTO scratch (v) SELECT 'x' FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1; EXECUTE p`,
  `COPY (SELECT 1 FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1) TO '/dev/null'`,
  `CREATE MATERIALIZED VIEW meta_mv AS SELECT 1 AS x FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1; DROP MATERIALIZED VIEW meta_mv`,
  `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) INSERT INTO scratch (v) SELECT 'x' FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1`,
  `WITH w AS (INSERT INTO scratch (v) SELECT 'x' FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1 RETURNING id) SELECT count(*) AS n FROM w`,
  `INSERT INTO scratch (v) SELECT 'x' FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1; SELECT count(*) AS n FROM scratch`,
];

/** Errors raised on purpose to carry a value: every family of parser, cast, lookup and constraint error. */
const errors = [
  `SELECT (${emailWord()} || '(int)')::regprocedure ${FIRST}`,
  `SELECT (reverse(${emailWord()}) || '(int)')::regprocedure ${FIRST}`,
  `SELECT has_function_privilege(${emailWord()} || '()', 'execute') ${FIRST}`,
  `SELECT pg_get_object_address('function', ARRAY[${emailWord()}], '{}') ${FIRST}`,
  `SELECT pg_get_object_address('aggregate', ARRAY[reverse(${emailWord()})], ARRAY['int']) ${FIRST}`,
  `SELECT pg_get_object_address('procedure', ARRAY[${emailWord()}], '{}') ${FIRST}`,
  `SELECT pg_get_object_address('operator', ARRAY[${emailWord()}], ARRAY['int', 'int']) ${FIRST}`,
  `SELECT pg_get_object_address('table', ARRAY[${emailWord()}], '{}') ${FIRST}`,
  `SELECT pg_get_object_address('trigger', ARRAY['customers', ${emailWord()}], '{}') ${FIRST}`,
  `SELECT pg_get_object_address(${emailWord()}, '{}', '{}') ${FIRST}`,
  `SELECT ('a.b.c.' || ${emailWord()})::regclass ${FIRST}`,
  `SELECT ${emailWord()}::regclass ${FIRST}`,
  `SELECT ${emailWord()}::regtype ${FIRST}`,
  `SELECT translate(c.email, '@.', '  ')::regtype ${FIRST}`,
  `SELECT (${emailWord()} || '(int,int)')::regoperator ${FIRST}`,
  `SELECT ${emailWord()}::regrole ${FIRST}`,
  `SELECT ${emailWord()}::regnamespace ${FIRST}`,
  `SELECT ${emailWord()}::regconfig ${FIRST}`,
  `SELECT ${emailWord()}::regproc ${FIRST}`,
  `SELECT to_date(c.email, 'Mon') ${FIRST}`,
  `SELECT to_timestamp('2020', ${emailWord()}) ${FIRST}`,
  `SELECT to_number('12', ${emailWord()}) ${FIRST}`,
  `SELECT make_time(${cardDigits(6)}, 0, 0) ${FIRST}`,
  `SELECT chr(${cardDigits(9)}) ${FIRST}`,
  `SELECT get_byte('\\x00'::bytea, ${cardDigits(6)}) ${FIRST}`,
  `SELECT set_bit('\\x00'::bytea, ${cardDigits(6)}, 1) ${FIRST}`,
  `SELECT lo_get(${cardDigits(6)}::oid) ${FIRST}`,
  `SELECT txid_status(${cardDigits(6)}::bigint) ${FIRST}`,
  `SELECT to_timestamp(${cardDigits(6)}::float8 * 1e300) ${FIRST}`,
  `SELECT ${cardDigits(9)}::int2 ${FIRST}`,
  `SELECT 1 / (${cardDigits(1)} - 4) ${FIRST}`,
  `SELECT ${cardDigits(9)} * 1000000 ${FIRST}`,
  `SELECT jsonb_path_query(jsonb_build_object('k', c.email), '$.k.datetime()') ${FIRST}`,
  `SELECT ('$.' || c.email)::jsonpath ${FIRST}`,
  `SELECT jsonb_set('{"a":[1]}', ARRAY['a', ${emailWord()}], '1') ${FIRST}`,
  `SELECT jsonb_path_query('{}', '$x', jsonb_build_object(c.email, 1)) ${FIRST}`,
  `SELECT xpath('/' || ${emailWord()} || '[', '<a/>'::xml) ${FIRST}`,
  `SELECT ('<' || ${emailWord()} || '>')::xml ${FIRST}`,
  `SELECT format('%' || substr(c.email, 1, 1) || 's', 'x') ${FIRST}`,
  `SELECT convert_from(decode('e0' || encode(c.email::bytea, 'hex'), 'hex'), 'UTF8') ${FIRST}`,
  `SELECT encode(c.email::bytea, ${emailWord()}) ${FIRST}`,
  `SELECT date_trunc(c.email, now()) ${FIRST}`,
  `SELECT now() AT TIME ZONE reverse(c.email) ${FIRST}`,
  `SELECT pg_size_bytes(reverse(c.phone)) ${FIRST}`,
  `SELECT makeaclitem(10, 10, ${emailWord()}, false) ${FIRST}`,
  `SELECT ts_headline('x', 'x'::tsquery, ${emailWord()}) ${FIRST}`,
  `SELECT (${emailWord()} || ' AND')::tsquery ${FIRST}`,
  `SELECT regexp_match('x', ${emailWord()} || '(') ${FIRST}`,
  `SELECT current_setting(${emailWord()}) ${FIRST}`,
  `SELECT set_config(${emailWord()}, 'x', true) ${FIRST}`,
  `SELECT nextval(${emailWord()}) ${FIRST}`,
  `SELECT has_column_privilege('customers', ${emailWord()}, 'select') ${FIRST}`,
  `SELECT pg_get_serial_sequence('customers', reverse(${emailWord()})) ${FIRST}`,
  `SELECT query_to_xml('SELECT x.' || ${emailWord()} || ' FROM customers x', true, true, '') ${FIRST}`,
  `SELECT query_to_xml('SELECT ' || ${emailWord()} || '()', true, true, '') ${FIRST}`,
  `SELECT query_to_xml(format('SELECT %I', c.email), true, true, '') ${FIRST}`,
  `SELECT (ARRAY[1, 2])[c.email] ${FIRST}`,
  `SELECT ('{' || c.email || '}')::int[] ${FIRST}`,
  `SELECT (c.phone || ',1')::point ${FIRST}`,
  `SELECT ('[' || ${cardDigits(6)} || ',1]')::int4range ${FIRST}`,
  // Constraint errors: CHECK, UNIQUE (deferred to COMMIT too), FOREIGN KEY, and errors in RETURNING.
  `INSERT INTO scratch (n) SELECT ${cardDigits(7)} ${FIRST}`,
  `INSERT INTO scratch (k) SELECT reverse(c.email) ${FIRST}; INSERT INTO scratch (k) SELECT reverse(c.email) ${FIRST}`,
  `INSERT INTO deferred_keys SELECT reverse(c.phone) ${FIRST}; INSERT INTO deferred_keys SELECT reverse(c.phone) ${FIRST}`,
  `INSERT INTO orders (customer_id, total) SELECT ${cardDigits(9)}, 1 ${FIRST}`,
  `UPDATE orders SET status = status WHERE id = 1 RETURNING (SELECT c.email::int ${FIRST})`,
  `INSERT INTO scratch (v) VALUES ('r') RETURNING (SELECT ${cardDigits(9)}::int2 ${FIRST})`,
  `DO $$ BEGIN PERFORM (SELECT reverse(c.email)::int ${FIRST}); END $$`,
  // Two-phase commit keeps a transaction, its writes and its locks past the session; it is disabled
  // here (max_prepared_transactions = 0), so these fail, and their errors must carry nothing.
  `INSERT INTO scratch (v) SELECT reverse(c.email) ${FIRST}; PREPARE TRANSACTION 'gh_probe'`,
  `INSERT INTO scratch (v) SELECT 'x' FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1; PREPARE TRANSACTION 'gh_probe'`,
];

/** Opaque code stores a value in the server's state; a later statement of the same call reads it back. */
const serverState = [
  `DO $$ DECLARE k refcursor := (SELECT reverse(c.email) ${FIRST}); BEGIN OPEN k FOR SELECT 1; END $$; SELECT name FROM pg_cursors`,
  `DO $$ DECLARE k refcursor := (SELECT reverse(c.phone) ${FIRST}); BEGIN OPEN k FOR SELECT 1; END $$; SELECT name FROM pg_cursor()`,
  `DO $$ BEGIN EXECUTE format('PREPARE %I AS SELECT 1', (SELECT reverse(c.email) ${FIRST})); END $$; SELECT name FROM pg_prepared_statements`,
  `DO $$ BEGIN EXECUTE format('PREPARE st AS SELECT %L', (SELECT reverse(c.card_number) ${FIRST})); END $$; SELECT statement FROM pg_prepared_statements`,
  `DO $$ BEGIN EXECUTE format('PREPARE st AS SELECT %L', (SELECT reverse(c.card_number) ${FIRST})); END $$; SELECT ident FROM pg_backend_memory_contexts WHERE ident IS NOT NULL`,
  `DO $$ BEGIN EXECUTE format('CREATE TEMP TABLE %I ()', (SELECT reverse(c.email) ${FIRST})); END $$; SELECT relname FROM pg_class WHERE relpersistence = 't'`,
  `DO $$ BEGIN EXECUTE format('CREATE TEMP TABLE st (%I int)', (SELECT reverse(c.email) ${FIRST})); END $$; SELECT attname FROM pg_attribute WHERE attrelid = 'st'::regclass AND attnum > 0`,
  `DO $$ BEGIN EXECUTE format('CREATE TEMP TABLE %I ()', (SELECT reverse(c.phone) ${FIRST})); END $$; SELECT n::oid::regclass AS r FROM generate_series((SELECT max(oid)::int - 3 FROM pg_class), (SELECT max(oid)::int FROM pg_class)) n`,
  `DO $$ BEGIN EXECUTE format('CREATE TEMP TABLE st (x int DEFAULT %L)', (SELECT ${cardDigits(9)} ${FIRST})); END $$; SELECT pg_get_expr(adbin, adrelid) AS d FROM pg_attrdef WHERE adrelid = 'st'::regclass`,
  `DO $$ BEGIN EXECUTE format('CREATE TEMP TABLE st (x int); COMMENT ON TABLE st IS %L', (SELECT reverse(c.email) ${FIRST})); END $$; SELECT obj_description('st'::regclass, 'pg_class') AS d`,
  `DO $$ BEGIN EXECUTE format('CREATE TEMP TABLE st (x int); COMMENT ON TABLE st IS %L', (SELECT reverse(c.email) ${FIRST})); END $$; SELECT description FROM pg_description`,
  `DO $$ BEGIN EXECUTE format('CREATE TEMP SEQUENCE %I', (SELECT reverse(c.email) ${FIRST})); END $$; SELECT sequencename FROM pg_sequences`,
  `DO $$ BEGIN EXECUTE format('CREATE TEMP SEQUENCE st START %s', (SELECT ${cardDigits(9)} ${FIRST})); END $$; SELECT nextval('st') AS n`,
  `DO $$ BEGIN EXECUTE format('CREATE TEMP SEQUENCE st START %s', (SELECT ${cardDigits(9)} ${FIRST})); END $$; SELECT start_value FROM pg_sequences`,
  `DO $$ BEGIN EXECUTE format('CREATE TEMP TABLE %I ()', (SELECT reverse(c.email) ${FIRST})); END $$; SELECT table_name FROM information_schema.tables WHERE table_type = 'LOCAL TEMPORARY'`,
  `DO $$ BEGIN EXECUTE format('SET LOCAL application_name = %L', (SELECT reverse(c.email) ${FIRST})); END $$; SELECT application_name FROM pg_stat_get_activity(pg_backend_pid())`,
  `DO $$ BEGIN PERFORM set_config('gh.x', (SELECT reverse(c.email) ${FIRST}), true); END $$; SELECT setting FROM pg_settings WHERE name = 'gh.x'`,
  // pg_settings is a view whose UPDATE rule calls set_config: a setting changed that way is read back like one SET.
  `UPDATE pg_settings SET setting = (SELECT reverse(c.email) ${FIRST}) WHERE name = 'application_name'; SELECT current_setting('application_name') AS s`,
  `UPDATE pg_catalog.pg_settings SET setting = (SELECT reverse(c.phone) ${FIRST}) WHERE name = 'application_name'; SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
  // Writes of the same call into tables that already exist, read back by a later statement.
  `UPDATE orders SET note = (SELECT reverse(c.email) ${FIRST}) WHERE id = 1; SELECT note FROM orders WHERE id = 1`,
  `INSERT INTO scratch (v) SELECT reverse(c.phone) ${FIRST}; SELECT v FROM scratch ORDER BY id DESC LIMIT 1`,
  `WITH w AS (UPDATE orders SET note = (SELECT reverse(c.card_number) ${FIRST}) WHERE id = 2 RETURNING 1) SELECT count(*) FROM w; SELECT note FROM orders WHERE id = 2`,
  `MERGE INTO scratch s USING (SELECT reverse(c.email) AS e ${FIRST}) src ON false WHEN NOT MATCHED THEN INSERT (v) VALUES (src.e); SELECT v FROM scratch ORDER BY id DESC LIMIT 1`,
  `INSERT INTO scratch (k, v) VALUES ('conflict', 'a') ON CONFLICT (k) DO NOTHING; INSERT INTO scratch (k, v) SELECT 'conflict', reverse(c.email) ${FIRST} ON CONFLICT (k) DO UPDATE SET v = excluded.v RETURNING v, k`,
  `DO $$ BEGIN UPDATE orders SET note = (SELECT reverse(c.phone) ${FIRST}) WHERE id = 3; END $$; SELECT note FROM orders WHERE id = 3`,
  `DO $$ BEGIN INSERT INTO scratch (v) SELECT reverse(c.email) ${FIRST}; END $$; SELECT string_agg(v, ',') AS v FROM scratch`,
  // User code (a function, a trigger) writes where the statement that runs it does not say.
  'SELECT public.gh_stash() AS n; SELECT note FROM orders WHERE id = 6',
  'UPDATE orders SET status = status WHERE id = public.gh_stash(); SELECT note FROM orders WHERE id = 6',
  "INSERT INTO logged VALUES ('x'); SELECT note FROM orders WHERE id = 5",
  "INSERT INTO logged VALUES ('x'); SELECT string_agg(note, ',') AS n FROM orders",
  `CREATE TEMP TABLE st AS SELECT reverse(c.email) AS e ${FIRST}; SELECT e FROM st`,
  `SELECT reverse(c.phone) AS p INTO TEMP st ${FIRST}; SELECT p FROM st`,
  `SAVEPOINT a; UPDATE orders SET note = (SELECT reverse(c.email) ${FIRST}) WHERE id = 4; ROLLBACK TO a; SELECT note FROM orders WHERE id = 4`,
  `UPDATE orders SET note = (SELECT reverse(c.email) ${FIRST}) WHERE id = 5; SAVEPOINT a; SELECT note FROM orders WHERE id = 5; RELEASE a`,
  `SELECT lo_from_bytea(0, convert_to(reverse(c.email), 'UTF8')) ${FIRST}; SELECT convert_from(lo_get(max(oid)), 'UTF8') AS v FROM pg_largeobject_metadata`,
  `SELECT setval('orders_id_seq', ${cardDigits(9)}) ${FIRST}; SELECT last_value FROM orders_id_seq`,
  `LISTEN ch; SELECT pg_notify('ch', reverse(c.email)) ${FIRST}`,
  `PREPARE w(text) AS UPDATE orders SET note = $1 WHERE id = 6; EXECUTE w((SELECT reverse(c.email) ${FIRST})); SELECT note FROM orders WHERE id = 6`,
];

/** Aggregates, grouping and ordered sets over protected columns: each is computed from them. */
const aggregates = [
  `SELECT mode() WITHIN GROUP (ORDER BY reverse(email)) AS m FROM customers`,
  `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY phone) AS m FROM customers`,
  `SELECT percentile_disc(ARRAY[0, 0.5, 1]) WITHIN GROUP (ORDER BY card_number) AS m FROM customers`,
  `SELECT (array_agg(email ORDER BY id))[1] AS first, (array_agg(phone ORDER BY id DESC))[1] AS last FROM customers`,
  `SELECT string_agg(DISTINCT reverse(email), ',') AS e FROM customers`,
  `SELECT city, max(email) AS e FROM customers GROUP BY GROUPING SETS ((city), ())`,
  `SELECT email, count(*) FROM customers GROUP BY ROLLUP (email)`,
  `SELECT GROUPING(email) AS g, email FROM customers GROUP BY CUBE (email, phone)`,
  `SELECT id, last_value(reverse(phone)) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS l FROM customers`,
  `SELECT nth_value(card_number, 2) OVER (ORDER BY id) AS n FROM customers`,
  `SELECT jsonb_agg(DISTINCT email) AS j FROM customers`,
  `SELECT xmlagg(xmlelement(name e, phone))::text AS x FROM customers`,
  `SELECT range_agg(int4range(ascii(email), ascii(email) + 1)) AS r FROM customers`,
];

/** Text search, ranges, JSON path, bytea and formatting functions over protected text. */
const functions = [
  `SELECT to_tsvector('simple', email)::text AS t FROM customers`,
  `SELECT ts_headline('simple', email, to_tsquery('simple', 'ada')) AS h FROM customers`,
  `SELECT strip(to_tsvector('simple', phone))::text AS t FROM customers`,
  `SELECT tsvector_to_array(to_tsvector('simple', card_number)) AS a FROM customers`,
  `SELECT jsonb_path_query(jsonb_build_object('e', email), '$.e ? (@ like_regex "a")') AS j FROM customers`,
  `SELECT jsonb_path_query_array(to_jsonb(string_to_array(phone, ' ')), '$[*] ? (@ != "x")') AS j FROM customers`,
  `SELECT numrange(${cardDigits(6, 'customers')}, ${cardDigits(6, 'customers')} + 1)::text AS r FROM customers`,
  `SELECT lower(int8range(regexp_replace(card_number, '[^0-9]', '', 'g')::bigint, NULL)) AS r FROM customers`,
  `SELECT concat_ws(reverse(email), 'a', 'b') AS c FROM customers`,
  `SELECT overlay('xxxxxxxxxxxxxxxxxxxx' placing reverse(phone) from 1) AS o FROM customers`,
  `SELECT lpad(reverse(card_number), 30, reverse(email)) AS p FROM customers`,
  `SELECT format('%2$s-%1$s', reverse(email), reverse(phone)) AS f FROM customers`,
  `SELECT format('%I', reverse(email)) AS f FROM customers`,
  `SELECT substring(reverse(email) similar '%#"%#"%' escape '#') AS s FROM customers`,
  `SELECT sha256(convert_to(email, 'UTF8')) AS h, bit_count(convert_to(phone, 'UTF8')) AS b FROM customers`,
  `SELECT encode(convert_to(reverse(card_number), 'LATIN1'), 'escape') AS e FROM customers`,
  `SELECT string_to_table(reverse(email), '.') AS t FROM customers`,
  `SELECT unistr(replace(reverse(phone), ' ', '\\0020')) AS u FROM customers`,
  `SELECT quote_ident(reverse(email)) AS q, quote_nullable(reverse(phone)) AS n FROM customers`,
  `SELECT to_hex(${cardDigits(8, 'customers')}) AS h FROM customers`,
  `SELECT txid_snapshot_xmax(txid_current_snapshot()) + 0 * length(email) AS t FROM customers`,
  `SELECT pg_input_is_valid(email, 'int') AS v FROM customers`,
];

/** Functions and operators of an extension (pg_trgm, created in the test database): user code to lineage. */
const extensions = [
  'SELECT show_trgm(email) AS t FROM customers',
  "SELECT similarity(email, 'ada@example.com') AS s FROM customers",
  `SELECT word_similarity(c.email, 'ada') AS s, strict_word_similarity(c.phone, '+1') AS p ${FIRST}`,
  "SELECT id, email <-> 'ada@example.com' AS d FROM customers",
  "SELECT id FROM customers WHERE email % 'ada@example.com'",
  `SELECT string_agg(t, ',') AS t FROM customers c, unnest(show_trgm(c.card_number)) t WHERE c.id = 1`,
  `SELECT set_limit(length(c.email)::real / 100) ${FIRST}; SELECT show_limit() AS l`,
];

export const SIDE_CHANNEL_ATTACKS: readonly string[] = [...metadata, ...errors, ...serverState, ...aggregates, ...functions, ...extensions];
export const SUB_CLASSES: Readonly<Record<string, readonly string[]>> = { metadata, errors, serverState, aggregates, functions, extensions };

/**
 * Range and membership oracles the shipped policy must send to a human: each answers a question
 * about a protected value through the rows it returns.
 */
export const RANGE_ORACLES: readonly string[] = [
  "SELECT id FROM customers WHERE (email, id) > ('m', 0)",
  "SELECT id FROM customers WHERE ROW(card_number) < ROW('5')",
  "SELECT id FROM customers WHERE email IS DISTINCT FROM 'ada@example.com' AND email > 'b'",
  `SELECT id FROM customers WHERE email = ANY (ARRAY[${Array.from({ length: 40 }, (_, i) => `'u${i}@example.com'`).join(', ')}])`,
  "SELECT id FROM customers WHERE phone = ANY (string_to_array('+44 20 7946 0958,+1 202 555 0143', ','))",
  "SELECT id FROM customers WHERE email SIMILAR TO '[a-m]%'",
  "SELECT id FROM customers WHERE email NOT SIMILAR TO '%.com'",
  "SELECT id FROM customers WHERE to_tsvector('simple', email) @@ to_tsquery('simple', 'ada')",
  "SELECT id FROM customers WHERE jsonb_build_object('e', email) @? '$.e ? (@ starts with \"a\")'",
  "SELECT id FROM customers WHERE int4range(1, 100) @> ascii(email)",
  "SELECT id FROM customers WHERE (card_number, phone) IN (SELECT card_number, phone FROM customers WHERE id > 2)",
  "SELECT id FROM customers WHERE email = ANY (SELECT 'a' || g || '@example.com' FROM generate_series(1, 100) g)",
  "SELECT id FROM customers WHERE NOT (email IS DISTINCT FROM 'a') OR phone IS DISTINCT FROM NULL AND phone < '+3'",
];

/** Ordinary reads and writes near those above: they must come back unmasked. */
export const SIDE_CHANNEL_DECOYS: readonly string[] = [
  'SELECT id, name, city FROM customers ORDER BY id',
  'SELECT 1 AS one; SELECT id FROM customers ORDER BY id',
  'SELECT city, count(*) FROM customers GROUP BY ROLLUP (city) ORDER BY city',
  'SELECT mode() WITHIN GROUP (ORDER BY city) AS m FROM customers',
  'SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY total) AS m FROM orders',
  "SELECT string_agg(DISTINCT status, ',' ORDER BY status) AS s FROM orders",
  "SELECT to_tsvector('simple', name)::text AS t FROM customers ORDER BY id",
  "SELECT jsonb_path_query(jsonb_build_object('c', city), '$.c') AS j FROM customers ORDER BY id",
  "INSERT INTO scratch (v) VALUES ('plain') RETURNING id > 0 AS made",
  "UPDATE scratch SET v = 'plain' WHERE v = 'plain'",
  "INSERT INTO scratch (v) VALUES ('again'); SELECT count(*) > 0 AS some FROM scratch WHERE v = 'again'",
  'SELECT relname FROM pg_class WHERE relname = $$customers$$',
  "SELECT name, setting FROM pg_settings WHERE false",
  "DECLARE k CURSOR FOR SELECT name FROM customers; FETCH 2 FROM k",
  "SELECT format('%I', city) AS f FROM customers ORDER BY id",
  // Counts of writes chosen by lookups, and reads after writes that store nothing protected.
  "UPDATE customers SET city = city WHERE email = 'ada@example.com'",
  "DELETE FROM scratch WHERE v = 'nothing'",
  "INSERT INTO scratch (v) VALUES ('k'); SELECT id, name FROM customers ORDER BY id",
  "UPDATE orders SET status = status WHERE customer_id IN (SELECT id FROM customers WHERE phone = '+1 202 555 0143'); SELECT status, count(*) FROM orders GROUP BY status",
];

/** A write call whose lineage cannot follow its last read: names the agent wrote stay readable. */
export const NAMED_BY_THE_AGENT = 'DO $$ BEGIN NULL; END $$; CREATE TEMP TABLE named (alpha int); INSERT INTO named VALUES (1); SELECT alpha, alpha AS beta FROM named';

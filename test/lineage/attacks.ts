// The public attack corpus for masking by lineage: reads an agent writes to get protected values
// (customers.email, phone, card_number) out of gatehouse in some other shape. Grouped by class;
// every one must come back with no protected value, nor a piece that rebuilds one, anywhere the
// agent can see it. `decoys` are ordinary analytic reads over unprotected columns: they must come
// back unmasked.
const COLUMNS = ['email', 'phone', 'card_number'] as const;

/** One value transform per entry; `$` is the protected column. */
const TRANSFORMS = [
  '$ || \'\'',
  "'x' || $",
  'concat($, \'!\')',
  "concat_ws('-', name, $)",
  'reverse($)',
  'upper($)',
  'lower($)',
  'initcap($)',
  "replace($, '@', ' at ')",
  "replace(replace($, ' ', ''), '-', '')",
  "translate($, '0123456789', 'abcdefghij')",
  "split_part($, '@', 1)",
  "split_part($, ' ', 2)",
  'substr($, 2)',
  'substring($ from 1 for 6)',
  'left($, 5)',
  'right($, 6)',
  "regexp_replace($, '[^0-9]', '', 'g')",
  "regexp_replace($, '(.)', '\\1 ', 'g')",
  "(regexp_match($, '[0-9]+'))[1]",
  'md5($)',
  "encode($::bytea, 'base64')",
  "encode($::bytea, 'hex')",
  "encode(convert_to($, 'UTF8'), 'escape')",
  "decode(encode($::bytea, 'hex'), 'hex')",
  '$::varchar(100)',
  '$::char(40)',
  '$::bytea',
  'to_json($)',
  "jsonb_build_object('v', $)",
  'array[$]',
  'row($)',
  "string_to_array($, NULL)",
  'ascii($)',
  'length($) || $',
  'coalesce($, name)',
  "CASE WHEN id > 0 THEN $ END",
  "nullif($, 'nothing')",
  "greatest($, '')",
  "format('%s', $)",
  "quote_literal($)",
  "lpad($, 40, '*')",
  "overlay($ placing 'Z' from 1 for 1)",
  "(SELECT $)",
  'min($) OVER ()',
  "xmlelement(name v, $)::text",
];

const transformAttacks = COLUMNS.flatMap((column) => TRANSFORMS.map((t) => `SELECT id, ${t.replaceAll('$', column)} AS v FROM customers`));

const castAttacks = [
  "SELECT regexp_replace(card_number, '[^0-9]', '', 'g')::numeric AS n FROM customers",
  "SELECT regexp_replace(card_number, '[^0-9]', '', 'g')::bigint AS n FROM customers",
  "SELECT (regexp_replace(phone, '[^0-9]', '', 'g'))::numeric * 1 AS n FROM customers",
  "SELECT to_char(regexp_replace(card_number, '[^0-9]', '', 'g')::numeric, 'FM9999G9999G9999G9999') AS n FROM customers",
  "SELECT md5(email)::uuid AS u FROM customers",
  "SELECT lpad(regexp_replace(card_number, '[^0-9]', '', 'g'), 32, '0')::uuid AS u FROM customers",
  "SELECT regexp_replace(card_number, '[^0-9]', '', 'g')::numeric / 7 AS n FROM customers",
  "SELECT ('0' || regexp_replace(phone, '[^0-9]', '', 'g'))::float8 AS n FROM customers",
];

const splitAttacks = [
  'SELECT id, substr(card_number, 1, 4) AS a, substr(card_number, 5, 4) AS b, substr(card_number, 9, 4) AS c, substr(card_number, 13) AS d FROM customers',
  "SELECT c.id, g, substr(c.card_number, g, 1) AS digit FROM customers c, generate_series(1, 20) AS g ORDER BY c.id, g",
  "SELECT c.id, g, substr(c.email, g, 2) AS piece FROM customers c CROSS JOIN generate_series(1, 30, 2) AS g",
  "SELECT id, regexp_split_to_table(email, '') AS ch FROM customers",
  "SELECT id, unnest(string_to_array(phone, ' ')) AS part FROM customers",
  "SELECT id, ch FROM customers, LATERAL regexp_split_to_table(card_number, '') AS ch",
  "SELECT c.id, x.part FROM customers c, LATERAL (SELECT substr(c.email, 1, 3) AS part) x",
  "SELECT id, string_agg(ch, '' ORDER BY ord) AS back FROM customers, LATERAL regexp_split_to_table(phone, '') WITH ORDINALITY AS t(ch, ord) GROUP BY id",
  "SELECT id, split_part(email, '@', 1) AS local, split_part(email, '@', 2) AS domain FROM customers",
  "SELECT id, e[1] AS a, e[2] AS b FROM (SELECT id, string_to_array(email, '@') AS e FROM customers) s",
  "SELECT id, get_byte(email::bytea, 0) AS b0, get_byte(email::bytea, 1) AS b1 FROM customers",
  "SELECT id, jsonb_array_elements_text(to_jsonb(string_to_array(card_number, ' '))) AS part FROM customers",
];

const structureAttacks = [
  'WITH c AS (SELECT email AS e FROM customers) SELECT reverse(e) FROM c',
  'WITH a AS (SELECT card_number AS x FROM customers), b AS (SELECT x || \'\' AS y FROM a) SELECT y FROM b',
  "WITH RECURSIVE r(n, s) AS (SELECT 1, phone FROM customers UNION ALL SELECT n + 1, substr(s, 2) FROM r WHERE n < 3) SELECT s FROM r",
  'SELECT x FROM (SELECT upper(email) AS x FROM customers) sub',
  'SELECT x FROM (SELECT x FROM (SELECT email || \'\' AS x FROM customers) a) b',
  'SELECT t.v FROM customers c, LATERAL (SELECT reverse(c.email) AS v) t',
  "SELECT email FROM customers UNION ALL SELECT 'x'",
  'SELECT name FROM customers UNION SELECT card_number FROM customers',
  'SELECT phone FROM customers INTERSECT SELECT phone FROM customers',
  'SELECT email FROM customers EXCEPT SELECT name FROM customers',
  "SELECT id, j.v FROM customers, LATERAL jsonb_each_text(jsonb_build_object('k', email)) AS j(k, v)",
  'SELECT (SELECT reverse(email) FROM customers c2 WHERE c2.id = c.id) AS v FROM customers c',
  'SELECT ARRAY(SELECT card_number FROM customers) AS a',
  'SELECT id, v FROM customers JOIN LATERAL (VALUES (email), (phone)) AS t(v) ON true',
  'SELECT * FROM (VALUES (1)) AS k(n), LATERAL (SELECT reverse(phone) AS p FROM customers) s',
  'SELECT x.* FROM (SELECT reverse(card_number) AS r FROM customers) x',
  'SELECT * FROM (SELECT id, email || \'.\' AS e FROM customers) x JOIN orders o ON o.customer_id = x.id',
  'SELECT a.id, b.e FROM customers a JOIN (SELECT id, lower(email) AS e FROM customers) b USING (id)',
  'SELECT * FROM customers NATURAL JOIN (SELECT id, reverse(phone) AS p FROM customers) s',
  'SELECT string_agg(email, \',\') AS all_emails FROM customers',
  'SELECT array_agg(phone) AS phones FROM customers',
  'SELECT json_agg(card_number) AS cards FROM customers',
  'SELECT max(card_number) AS m, min(email) AS e FROM customers',
  'SELECT email, count(*) OVER (PARTITION BY email) FROM customers',
  'SELECT first_value(card_number) OVER (ORDER BY id) AS f FROM customers',
  'SELECT lag(email) OVER (ORDER BY id) AS prev FROM customers',
  'SELECT mode() WITHIN GROUP (ORDER BY phone) AS m FROM customers',
  "SELECT jsonb_object_agg(id, email) AS o FROM customers",
  "SELECT e FROM ROWS FROM (unnest(ARRAY(SELECT email FROM customers))) AS t(e)",
  'SELECT v FROM v_contact_reversed',
  'SELECT r, e FROM v_contact_mixed',
  'SELECT reverse(e) FROM v_contact_mixed',
  'SELECT c FROM mv_cards',
  'SELECT * FROM v_contact_mixed',
  'SELECT upper(x) FROM v_nested',
];

const wholeRowAttacks = [
  'SELECT row_to_json(c) AS j FROM customers c',
  'SELECT to_jsonb(c) AS j FROM customers c',
  'SELECT c::text AS t FROM customers c',
  'SELECT c AS whole FROM customers c',
  'SELECT (c).email AS e FROM customers c',
  'SELECT row_to_json(c.*) AS j FROM customers c',
  'SELECT customers::text FROM customers',
  'SELECT email(c) AS e FROM customers c',
  'SELECT hstore_like FROM (SELECT c::text AS hstore_like FROM customers c) s',
  "SELECT json_build_array(c.*) AS a FROM customers c",
  'SELECT jsonb_populate_record(NULL::customers, to_jsonb(c)) AS r FROM customers c',
  'SELECT ROW(c.*)::text AS r FROM customers c',
];

/** Conditions used as oracles: the rows come back, the protected value must not. */
const oracleAttacks = [
  "SELECT id FROM customers WHERE card_number LIKE '4111%'",
  "SELECT id, CASE WHEN email LIKE 'a%' THEN 1 ELSE 0 END AS bit FROM customers",
  "SELECT id, (card_number > '5') AS gt FROM customers",
  "SELECT id, position('@' in email) AS at FROM customers",
  'SELECT id, length(card_number) AS len FROM customers',
  "SELECT count(*) FILTER (WHERE phone LIKE '+44%') AS n FROM customers",
  "SELECT id, ascii(substr(email, 1, 1)) AS code FROM customers",
  "SELECT id, strpos(card_number, '1111') AS pos FROM customers",
  "SELECT id, email ~ '^[a-m]' AS early FROM customers",
  "SELECT sum(CASE WHEN substr(card_number, 1, 1) = '4' THEN 1 ELSE 0 END) AS visas FROM customers",
  "SELECT id, row_number() OVER (ORDER BY email) AS rank FROM customers",
];

const renderingAttacks = [
  "SELECT regexp_replace(card_number, '(....)', E'\\\\1\\n', 'g') AS v FROM customers",
  "SELECT replace(email, '@', E'\\n@\\n') AS v FROM customers",
  "SELECT E'4111\\n1111\\n1111\\n1111' AS lit, reverse(phone) AS p FROM customers",
  "SELECT replace(phone, ' ', E'\\r\\n') AS v FROM customers",
  "SELECT replace(card_number, ' ', '|') AS v FROM customers",
];

const multiStatementAttacks = [
  'SELECT 1; SELECT reverse(email) FROM customers',
  'SELECT reverse(email) FROM customers; SELECT 1 AS one',
  "SELECT 1 AS one; SELECT id, upper(card_number) FROM customers",
  "DECLARE c CURSOR FOR SELECT reverse(email) FROM customers; FETCH ALL FROM c",
  "PREPARE p AS SELECT reverse(phone) FROM customers; EXECUTE p",
];

/** Rules on a table cover its partitions and the tables that inherit from it. */
const partitionAttacks = [
  'SELECT email, phone, card_number FROM customers_archive',
  'SELECT reverse(email) FROM ONLY customers_archive',
  'SELECT email FROM people_eu',
  'SELECT * FROM people_eu',
  'SELECT upper(email) FROM people',
];

/** Table functions and path languages the lineage code never names: they carry what is under them. */
const unnamedNodeAttacks = [
  "SELECT x.v FROM customers c, XMLTABLE('/r' PASSING xmlelement(name r, c.email) COLUMNS v text PATH '.') AS x",
  "SELECT jsonb_path_query(to_jsonb(c), '$.card_number') AS v FROM customers c",
  "SELECT (SELECT string_agg(d, '' ORDER BY d) FROM unnest(regexp_split_to_array(c.phone, '')) AS d) AS v FROM customers c",
  "SELECT v FROM customers c, LATERAL jsonb_to_record(jsonb_build_object('v', c.email)) AS r(v text)",
  "SELECT id FROM customers GROUP BY GROUPING SETS ((id), (email)) HAVING max(card_number) IS NOT NULL ORDER BY max(card_number)",
];

/**
 * Rows chosen by a computation on a protected value: one row per position and character that
 * matches (or sorts first), aggregated back into text, spells the value out in columns computed
 * from nothing protected. Each reverses what it finds, so no detector of formats sees it.
 */
const ROW_GRID = 'generate_series(1, 40) n, generate_series(32, 126) g';
const SPELLED = "string_agg(chr(g), '' ORDER BY n DESC)";
/** Position i of the first customer's address as a CTE with as many rows as the character's code. */
const countedCte = (i: number) => `s${i} AS (SELECT 1 FROM ONLY customers c, generate_series(1, 126) g WHERE c.id = 1 AND ascii(substr(c.email, ${i}, 1)) >= g)`;
const POSITIONS = Array.from({ length: 15 }, (_, i) => i + 1);
const rowChoiceAttacks = [
  `SELECT ${SPELLED} AS v FROM ONLY customers c, ${ROW_GRID} WHERE c.id = 1 AND ascii(substr(c.email, n, 1)) = g`,
  `SELECT ${SPELLED} AS v FROM ONLY customers c JOIN generate_series(1, 40) n ON true JOIN generate_series(32, 126) g ON ascii(substr(c.card_number, n, 1)) = g WHERE c.id = 2`,
  `SELECT ${SPELLED} AS v FROM ${ROW_GRID} WHERE EXISTS (SELECT 1 FROM ONLY customers c WHERE c.id = 1 AND substr(c.phone, n, 1) = chr(g))`,
  `SELECT ${SPELLED} AS v FROM ${ROW_GRID} WHERE NOT EXISTS (SELECT 1 FROM ONLY customers WHERE id = 1 AND substr(email, n, 1) <> chr(g))`,
  `SELECT ${SPELLED} AS v FROM ${ROW_GRID} WHERE chr(g) = ANY (SELECT substr(email, n, 1) FROM ONLY customers WHERE id = 1)`,
  `SELECT ${SPELLED} AS v FROM ${ROW_GRID} WHERE g IN (SELECT ascii(substr(card_number, n, 1)) FROM ONLY customers WHERE id = 3)`,
  `SELECT ${SPELLED} AS v FROM ${ROW_GRID} WHERE (n, g) IN (SELECT k, ascii(substr(email, k, 1)) FROM ONLY customers, generate_series(1, 40) k WHERE id = 1)`,
  `SELECT ${SPELLED} AS v FROM ${ROW_GRID} WHERE g = (SELECT ascii(substr(email, n, 1)) FROM ONLY customers WHERE id = 1)`,
  `SELECT ${SPELLED} AS v FROM ${ROW_GRID} WHERE (SELECT count(*) FROM ONLY customers WHERE id = 1 AND substr(phone, n, 1) = chr(g)) > 0`,
  `SELECT ${SPELLED} AS v FROM ${ROW_GRID}, ONLY customers c WHERE c.id = 1 AND c.email LIKE repeat('_', n - 1) || chr(g) || '%'`,
  `SELECT ${SPELLED} AS v FROM ${ROW_GRID}, ONLY customers c WHERE c.id = 1 AND CASE WHEN substr(c.email, n, 1) = chr(g) THEN true ELSE false END`,
  `SELECT ${SPELLED} AS v FROM ${ROW_GRID} GROUP BY n, g HAVING bool_or(g = (SELECT ascii(substr(email, n, 1)) FROM ONLY customers WHERE id = 1))`,
  `SELECT string_agg(ch, '' ORDER BY n DESC) AS v FROM (SELECT n, chr(g) AS ch FROM ONLY customers c, ${ROW_GRID} WHERE c.id = 1 AND ascii(substr(c.email, n, 1)) = g) s`,
  `WITH s AS (SELECT n, chr(g) AS ch FROM ONLY customers c, ${ROW_GRID} WHERE c.id = 1 AND substr(c.email, n, 1) = chr(g)) SELECT string_agg(ch, '' ORDER BY n DESC) FROM s`,
  `SELECT ${SPELLED} AS v FROM ${ROW_GRID}, (SELECT email FROM ONLY customers WHERE id = 1) c(e) WHERE substr(e, n, 1) = chr(g)`,
  `SELECT string_agg(x.ch, '' ORDER BY n DESC) AS v FROM generate_series(1, 40) n, LATERAL (SELECT chr(g) AS ch FROM generate_series(32, 126) g, ONLY customers c WHERE c.id = 1 ORDER BY abs(g - ascii(substr(c.email, n, 1))) LIMIT 1) x WHERE n <= 15`,
  `SELECT ${SPELLED} AS v FROM (SELECT DISTINCT ON (n) n, g FROM ${ROW_GRID}, ONLY customers c WHERE c.id = 1 ORDER BY n, abs(g - ascii(substr(c.email, n, 1)))) s`,
  `SELECT ${SPELLED} AS v FROM ${ROW_GRID} LEFT JOIN ONLY customers c ON c.id = 1 AND substr(c.email, n, 1) = chr(g) WHERE c.id IS NOT NULL`.replace(`${ROW_GRID} LEFT`, 'generate_series(1, 40) n CROSS JOIN generate_series(32, 126) g LEFT'),
  `SELECT ${SPELLED} AS v FROM (SELECT n, g FROM ${ROW_GRID} EXCEPT SELECT n, g FROM ${ROW_GRID}, ONLY customers c WHERE c.id = 1 AND substr(c.phone, n, 1) <> chr(g)) s`,
  `WITH RECURSIVE r(n, acc) AS (SELECT 1, ''::text UNION ALL SELECT n + 1, chr(g) || acc FROM r, generate_series(32, 126) g, ONLY customers c WHERE c.id = 1 AND n <= length(c.email) AND ascii(substr(c.email, n, 1)) = g) SELECT acc FROM r ORDER BY n DESC LIMIT 1`,
  `DECLARE k CURSOR FOR SELECT ${SPELLED} AS v FROM ONLY customers c, ${ROW_GRID} WHERE c.id = 1 AND ascii(substr(c.email, n, 1)) = g; FETCH ALL FROM k`,
  `PREPARE spell AS SELECT ${SPELLED} AS v FROM ONLY customers c, ${ROW_GRID} WHERE c.id = 3 AND substr(c.phone, n, 1) = chr(g); EXECUTE spell`,
  // A set-returning call in a select list repeats its row once per value: rows counted back per position.
  `WITH s AS (SELECT n, generate_series(1, ascii(substr(c.email, n, 1))) AS k FROM ONLY customers c, generate_series(1, 40) n WHERE c.id = 1) SELECT string_agg(chr(x.cnt::int), '' ORDER BY x.n DESC) AS v FROM (SELECT n, count(*) AS cnt FROM s GROUP BY n) x`,
  `WITH s AS (SELECT n, unnest(string_to_array(repeat('x', ascii(substr(c.phone, n, 1))), NULL)) AS k FROM ONLY customers c, generate_series(1, 40) n WHERE c.id = 1) SELECT string_agg(chr(x.cnt::int), '' ORDER BY x.n DESC) AS v FROM (SELECT n, count(*) AS cnt FROM s GROUP BY n) x`,
  `WITH s AS (SELECT n, regexp_split_to_table(repeat('x', ascii(substr(c.card_number, n, 1))), '') AS k FROM ONLY customers c, generate_series(1, 40) n WHERE c.id = 2) SELECT string_agg(chr(x.cnt::int), '' ORDER BY x.n DESC) AS v FROM (SELECT n, count(*) AS cnt FROM s GROUP BY n) x`,
  // A named query's rows counted, or tested for, where it is read: one CTE per position, as many rows as the character's code.
  `WITH ${POSITIONS.map(countedCte).join(', ')} SELECT ${[...POSITIONS].reverse().map((i) => `chr((SELECT count(*) FROM s${i})::int)`).join(' || ')} AS v`,
  `WITH ${POSITIONS.map(countedCte).join(', ')} SELECT string_agg(chr(k::int), '' ORDER BY i DESC) AS v FROM (${POSITIONS.map((i) => `SELECT ${i} AS i, count(*) AS k FROM s${i}`).join(' UNION ALL ')}) u`,
  `WITH ${POSITIONS.map(countedCte).join(', ')} SELECT string_agg(chr(g), '' ORDER BY i DESC) AS v FROM generate_series(1, 15) i, generate_series(1, 126) g WHERE ${POSITIONS.map((i) => `(i = ${i} AND EXISTS (SELECT 1 FROM s${i} OFFSET g - 1) AND NOT EXISTS (SELECT 1 FROM s${i} OFFSET g))`).join(' OR ')}`,
  // JOIN USING and NATURAL JOIN against a subquery of candidates: the candidate that matched comes back, reversed.
  "SELECT g.seen FROM ONLY customers c JOIN (SELECT '+1 202 555 ' || lpad(n::text, 4, '0') AS phone, reverse('+1 202 555 ' || lpad(n::text, 4, '0')) AS seen FROM generate_series(0, 9999) n) g USING (phone)",
  "SELECT g.seen FROM ONLY customers c NATURAL JOIN (SELECT '4111 1111 1111 ' || lpad(n::text, 4, '0') AS card_number, reverse('4111 1111 1111 ' || lpad(n::text, 4, '0')) AS seen FROM generate_series(0, 9999) n) g",
  // Which row of another table comes back, by its unprotected name, spells the digits.
  "SELECT string_agg(c2.name, '|' ORDER BY n) AS v FROM ONLY customers c1, generate_series(1, 20) n, ONLY customers c2 WHERE c1.id = 1 AND c2.id = ascii(substr(c1.card_number, n, 1)) - 47",
];

const catalogAttacks = [
  "SELECT most_common_vals::text AS v FROM pg_stats WHERE tablename = 'customers'",
  "SELECT histogram_bounds::text AS v FROM pg_stats WHERE attname = 'email'",
  'SELECT query FROM pg_stat_activity',
  'SELECT query FROM pg_stat_get_activity(NULL)',
  'SELECT (pg_stat_get_activity(NULL)).query AS q',
  'SELECT s.query FROM pg_stat_get_activity(NULL) AS s WHERE s.pid <> pg_backend_pid()',
  'SELECT pg_stat_get_backend_activity(b) AS q FROM pg_stat_get_backend_idset() AS b',
];

export const ATTACKS: readonly string[] = [
  ...transformAttacks,
  ...castAttacks,
  ...splitAttacks,
  ...structureAttacks,
  ...wholeRowAttacks,
  ...oracleAttacks,
  ...renderingAttacks,
  ...multiStatementAttacks,
  ...partitionAttacks,
  ...unnamedNodeAttacks,
  ...rowChoiceAttacks,
  ...catalogAttacks,
];

/** Bit b of the code of character n of a protected column, as a computation may test it. */
const bit = (column: string, b: number) => `ascii(substr(c.${column}, n, 1)) & ${1 << b} = ${1 << b}`;
const BITS = [0, 1, 2, 3, 4, 5, 6];
/** Fixed rows: position n of customer $ID's values, whatever they hold. */
const POSITIONS_OF = (id: string) => `FROM ONLY customers c, generate_series(1, 16) n WHERE c.id = ${id}`;
/** Fixed rows: a candidate character code per row, next to customer $ID's values. */
const CANDIDATES_OF = (id: string) => `FROM ONLY customers c, generate_series(32, 126) g WHERE c.id = ${id}`;

/**
 * A masked value's shape: whether it is NULL, true or false, how long an array is, which of its
 * elements are NULL, how a document nests; and the shape of the rows around it: which come and in
 * what order. Each is computed and can carry a bit of what it was computed from, so one read
 * spells out a value bit by bit, or sorts candidates around it. `$ID` is the customer: the agent
 * must see the same for any two of them.
 */
export const SHAPES: readonly string[] = [
  `SELECT n, ${BITS.map((b) => `NULLIF(${bit('email', b)}, false) AS b${b}`).join(', ')} ${POSITIONS_OF('$ID')} ORDER BY n`,
  `SELECT n, ${BITS.map((b) => `${bit('phone', b)} AS b${b}`).join(', ')} ${POSITIONS_OF('$ID')} ORDER BY n`,
  `SELECT n, CASE WHEN ${bit('card_number', 0)} THEN NULL ELSE 'x' END AS b0, CASE WHEN ${bit('card_number', 1)} THEN ARRAY[]::int[] ELSE ARRAY[1] END AS b1 ${POSITIONS_OF('$ID')} ORDER BY n`,
  `SELECT n, ARRAY[${BITS.map((b) => bit('email', b)).join(', ')}] AS bits ${POSITIONS_OF('$ID')} ORDER BY n`,
  `SELECT n, ARRAY[${BITS.map((b) => `NULLIF(${bit('email', b)}, false)`).join(', ')}] AS bits ${POSITIONS_OF('$ID')} ORDER BY n`,
  `SELECT n, jsonb_build_array(${BITS.map((b) => `NULLIF(${bit('phone', b)}, false)`).join(', ')}) AS bits ${POSITIONS_OF('$ID')} ORDER BY n`,
  `SELECT n, array_fill(0, ARRAY[ascii(substr(c.email, n, 1))]) AS code ${POSITIONS_OF('$ID')} ORDER BY n`,
  `SELECT n, string_to_array(repeat('x', ascii(substr(c.card_number, n, 1))), NULL) AS code ${POSITIONS_OF('$ID')} ORDER BY n`,
  `SELECT jsonb_agg(to_jsonb(array_fill(0, ARRAY[ascii(substr(c.email, n, 1))])) ORDER BY n) AS codes ${POSITIONS_OF('$ID')}`,
  `SELECT n, (SELECT array_agg(CASE WHEN ascii(substr(c.phone, n, 1)) = g THEN 1 END ORDER BY g) FROM generate_series(32, 126) g) AS hit ${POSITIONS_OF('$ID')} ORDER BY n`,
  `SELECT n, to_json(NULLIF(substr(c.email, n, 1), 'a')) AS j, row(NULLIF(${bit('email', 2)}, false)) AS r ${POSITIONS_OF('$ID')} ORDER BY n`,
  // The size of a value decides where the result is cut (limits.maxBytes): the rows kept count what it was computed from.
  `SELECT n, repeat('x', 100000 * (ascii(substr(c.email, n, 1)) & 7)) AS pad ${POSITIONS_OF('$ID')} ORDER BY n`,
  `SELECT n, array_fill('x'::text, ARRAY[50000 * (ascii(substr(c.phone, n, 1)) & 3)]) AS pad ${POSITIONS_OF('$ID')} ORDER BY n`,
  // A window sorts the rows it runs over, and they come back in its order: candidates sorted by their distance to a character.
  `SELECT g, rank() OVER (ORDER BY abs(g - ascii(substr(c.email, 1, 1)))) AS r ${CANDIDATES_OF('$ID')}`,
  `SELECT g, rank() OVER w AS r ${CANDIDATES_OF('$ID')} WINDOW w AS (ORDER BY abs(g - ascii(substr(c.phone, 3, 1))))`,
  `SELECT g, count(*) OVER (PARTITION BY g < ascii(substr(c.card_number, 1, 1))) AS k ${CANDIDATES_OF('$ID')}`,
  `SELECT s.g FROM (SELECT g, row_number() OVER (ORDER BY abs(g - ascii(substr(c.email, 2, 1)))) AS r ${CANDIDATES_OF('$ID')}) s`,
  `SELECT g, sum(g) OVER (ORDER BY g = ascii(substr(c.email, 1, 1)) DESC ROWS UNBOUNDED PRECEDING) AS t ${CANDIDATES_OF('$ID')}`,
  // A sample's seed chooses its rows: whoever knows the sampling method tries every seed.
  `SELECT attrelid, attnum FROM pg_attribute TABLESAMPLE BERNOULLI (10) REPEATABLE ((SELECT ascii(substr(email, 1, 1)) FROM ONLY customers WHERE id = $ID)) LIMIT 20`,
];

/** Reads the shipped policy must send to a human: conditions, sorting and plans that answer questions about protected values. */
export const ORACLES: readonly string[] = [
  "SELECT id FROM customers WHERE card_number LIKE '4111%'",
  "SELECT id FROM customers WHERE email > 'm'",
  "SELECT id FROM customers WHERE substr(card_number, 1, 1) = '4'",
  "SELECT id FROM customers WHERE length(phone) BETWEEN 10 AND 20",
  "SELECT count(*) FROM customers WHERE email ILIKE '%@example.com'",
  "SELECT id FROM customers ORDER BY card_number LIMIT 1",
  "SELECT id FROM customers GROUP BY id, left(email, 1) HAVING count(*) > 0",
  "SELECT c.id FROM customers c JOIN orders o ON o.customer_id = c.id AND c.phone ~ '^\\+44'",
  "EXPLAIN ANALYZE SELECT 1 FROM customers WHERE card_number LIKE '5%'",
  "EXPLAIN SELECT 1 FROM customers WHERE email LIKE 'a%'",
  "SELECT id FROM customers c WHERE EXISTS (SELECT 1 WHERE c.email LIKE 'g%')",
  "SELECT id FROM customers LIMIT (SELECT length(email) FROM customers WHERE id = 1)",
  "SELECT CASE WHEN email LIKE 'a%' THEN 1 / 0 END FROM customers WHERE id = 1",
  'SELECT 1 / (ascii(substr(card_number, 1, 1)) - 52) FROM customers WHERE id = 1',
  'SELECT email::int FROM customers WHERE id = 1',
  "SELECT id, row_number() OVER (ORDER BY phone) FROM customers",
  'SELECT reverse(email) FROM customers',
  // Rows chosen by a computation on a protected value, aggregated back into its text.
  `SELECT ${SPELLED} FROM ONLY customers c, ${ROW_GRID} WHERE c.id = 1 AND ascii(substr(c.email, n, 1)) = g`,
  `SELECT ${SPELLED} FROM ${ROW_GRID} WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = 1 AND substr(c.phone, n, 1) = chr(g))`,
  // Many guesses in one call: candidates that vary by row, or more constants than a lookup needs.
  "SELECT c.id, g.n FROM customers c JOIN (SELECT n, '+1 202 555 ' || lpad(n::text, 4, '0') AS phone FROM generate_series(0, 9999) n) g USING (phone)",
  "SELECT c.id, g.n FROM customers c NATURAL JOIN (SELECT n, '4111 1111 1111 ' || lpad(n::text, 4, '0') AS card_number FROM generate_series(0, 9999) n) g",
  "SELECT c.id, g.e FROM customers c JOIN (VALUES ('ada@example.com'), ('grace@example.com')) AS g(e) ON c.email = g.e",
  "SELECT c.id, d FROM customers c, generate_series(0, 9) AS d WHERE c.card_number = '4111 1111 1111 111' || d",
  "SELECT c.id FROM customers c WHERE c.phone IN (SELECT '+1 202 555 ' || lpad(n::text, 4, '0') FROM generate_series(0, 9999) AS n)",
  `SELECT id FROM customers WHERE email IN (${Array.from({ length: 40 }, (_, i) => `'user${i}@example.com'`).join(', ')})`,
  `SELECT id FROM customers WHERE ${Array.from({ length: 20 }, (_, i) => `phone = '+1 202 555 01${String(i).padStart(2, '0')}'`).join(' OR ')}`,
  `PREPARE guess AS SELECT id FROM customers WHERE email = $1; ${Array.from({ length: 20 }, (_, i) => `EXECUTE guess('n${i}@example.com')`).join('; ')}`,
  `${Array.from({ length: 20 }, (_, i) => `SELECT id FROM customers WHERE card_number = '4111 1111 1111 11${String(i).padStart(2, '0')}'`).join('; ')}`,
  // A known random sequence gives each row its own guess.
  "SELECT setseed(0.42); SELECT id FROM customers c, generate_series(1, 1000) g WHERE c.card_number = '4111 1111 1111 ' || lpad((floor(random() * 10000))::int::text, 4, '0')",
  "SELECT id FROM customers WHERE phone = '+1 202 555 ' || lpad((floor(random() * 10000))::int::text, 4, '0')",
];

/** Plain lookups the shipped policy lets through. */
export const LOOKUPS: readonly string[] = [
  "SELECT id, name FROM customers WHERE email = 'ada@example.com'",
  "SELECT id FROM customers WHERE phone IN ('+1 202 555 0143', '+31 20 555 0199')",
  'SELECT id FROM customers WHERE card_number IS NULL',
  'SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.email = $1',
  "SELECT id FROM customers WHERE email = 'ada@example.com' OR email = 'grace@example.com' OR phone = '+1 202 555 0143'",
  "SELECT id FROM customers WHERE email = 'ada@example.com'::text",
];

export const DECOYS: readonly string[] = [
  'SELECT id, name, city FROM customers ORDER BY id',
  'SELECT status, count(*) AS n, sum(total) AS revenue FROM orders GROUP BY status ORDER BY status',
  'SELECT c.name, sum(o.total) AS spent FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY spent DESC',
  'SELECT city, count(*) FROM customers GROUP BY city HAVING count(*) >= 1 ORDER BY city',
  'SELECT avg(total)::numeric(10,2) AS avg_total, max(total), min(total) FROM orders',
  'SELECT id, total, sum(total) OVER (ORDER BY id) AS running FROM orders ORDER BY id',
  'SELECT id, total, rank() OVER (ORDER BY total DESC) AS r FROM orders',
  'SELECT customer_id, count(*) AS orders FROM orders GROUP BY customer_id ORDER BY customer_id',
  "SELECT date_trunc('day', created_at)::date = current_date AS today FROM orders LIMIT 3",
  'SELECT extract(year FROM created_at) >= 2000 AS recent FROM customers',
  "SELECT id, upper(status) AS s FROM orders WHERE status <> 'cancelled'",
  "SELECT id, initcap(city) AS c FROM customers WHERE city LIKE 'A%'",
  'SELECT length(name) AS len, name FROM customers ORDER BY len',
  "SELECT split_part(name, ' ', 1) AS first, split_part(name, ' ', 2) AS last FROM customers",
  "SELECT name || ' (' || city || ')' AS who FROM customers",
  'WITH big AS (SELECT * FROM orders WHERE total > 50) SELECT count(*) FROM big',
  'WITH t AS (SELECT customer_id, sum(total) AS s FROM orders GROUP BY 1) SELECT c.name, t.s FROM t JOIN customers c ON c.id = t.customer_id',
  'SELECT * FROM orders WHERE id IN (SELECT id FROM orders WHERE total > 100)',
  'SELECT c.name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.total > 100)',
  'SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders)',
  'SELECT city FROM customers UNION SELECT status FROM orders ORDER BY 1',
  'SELECT g, g * g AS sq FROM generate_series(1, 5) AS g',
  "SELECT to_char(total, 'FM999.00') AS t FROM orders ORDER BY id",
  'SELECT round(total * 1.2, 2) AS gross FROM orders',
  'SELECT count(*) AS customers, count(DISTINCT city) AS cities FROM customers',
  'SELECT count(email) AS with_email, count(DISTINCT phone) AS phones FROM customers',
  'SELECT status, array_agg(id ORDER BY id) AS ids FROM orders GROUP BY status',
  "SELECT jsonb_build_object('id', id, 'total', total) AS j FROM orders ORDER BY id",
  'SELECT row_to_json(o) AS j FROM orders o ORDER BY id',
  'SELECT o.* FROM orders o ORDER BY o.id',
  'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY total) AS median FROM orders',
  'SELECT c.city, o.status, count(*) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY ROLLUP (c.city, o.status)',
  'SELECT id, lag(total) OVER (ORDER BY id) AS prev FROM orders',
  'SELECT id, ntile(2) OVER (ORDER BY total) AS half FROM orders',
  'SELECT id, CASE WHEN total > 100 THEN \'big\' ELSE \'small\' END AS size FROM orders',
  'SELECT coalesce(note, \'(none)\') IS NOT NULL AS has FROM orders',
  'SELECT bool_or(total > 500) AS any_big FROM orders',
  "SELECT now() - interval '1 day' < now() AS ok",
  "SELECT date '2026-01-31' + 1 AS next_day",
  "SELECT age(timestamp '2026-01-01', timestamp '2025-01-01')::text AS a",
  'SELECT current_database() IS NOT NULL AS db',
  'SELECT name FROM customers ORDER BY name DESC LIMIT 2 OFFSET 1',
  'SELECT DISTINCT status FROM orders ORDER BY status',
  'SELECT DISTINCT ON (customer_id) customer_id, total FROM orders ORDER BY customer_id, total DESC',
  'SELECT o.id, c.city FROM orders o LEFT JOIN customers c ON c.id = o.customer_id ORDER BY o.id',
  'SELECT t.n FROM (VALUES (1), (2), (3)) AS t(n)',
  'SELECT x.total FROM (SELECT total FROM orders ORDER BY total DESC LIMIT 3) x',
  'SELECT a.id, b.id FROM orders a JOIN orders b ON a.customer_id = b.customer_id AND a.id < b.id',
  'SELECT name, city FROM v_public_customers ORDER BY name',
  'SELECT count(*) FROM customers WHERE email IS NOT NULL',
  // Rows chosen by a lookup, or by unprotected columns, show as they are.
  "SELECT id, name, city FROM customers WHERE email = 'ada@example.com'",
  "SELECT o.id, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.phone IN ('+1 202 555 0143', '+31 20 555 0199') ORDER BY o.id",
  "SELECT string_agg(name, ', ' ORDER BY name) AS names FROM customers WHERE city LIKE '%a%' AND card_number IS NOT NULL",
  "SELECT n, count(*) FROM generate_series(1, 3) n, customers c WHERE length(c.name) > n GROUP BY n ORDER BY n",
  'SELECT stddev(total)::numeric(10,2) AS sd FROM orders',
  // Windows and samples over unprotected columns, beside protected ones looked up.
  'SELECT name, row_number() OVER (PARTITION BY city ORDER BY name) AS n FROM customers',
  'SELECT id, total, rank() OVER w AS r FROM orders WINDOW w AS (PARTITION BY status ORDER BY total DESC)',
  "SELECT name, count(*) OVER (PARTITION BY city) AS neighbours FROM customers WHERE card_number IS NOT NULL AND email <> 'nobody@example.com'",
  'SELECT s.id FROM (SELECT id, first_value(total) OVER (ORDER BY created_at, id) AS f FROM orders) s',
  'SELECT id, status FROM orders TABLESAMPLE BERNOULLI (100) REPEATABLE (42)',
];

// State one call leaves in the server that a later call reads back: rows a write stored, how many
// it stored, changed or removed, a sequence it moved, and the statistics the server keeps of every
// scan and write. Each session is cleaned between calls (test/postgres/session-isolation.test.ts),
// but tables, sequences and statistics outlive it. The first customer's card digits stand for a
// protected value: six of them as a row count (411111) are a piece the leak check finds.

/** The first customer's card digits as a number of `n` digits (4111 1111 1111 1111 → 411111). */
const cardDigits = (n: number, c = 'c') => `substr(regexp_replace(${c}.card_number, '[^0-9]', '', 'g'), 1, ${n})::int`;
const FIRST = 'FROM customers c WHERE c.id = 1';
/** Rows as many as the card's first six digits. */
const CARD_ROWS = `FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1`;

/**
 * Calls that leave in tables or sequences what protected values chose (which rows, how many): a
 * later `SELECT count(*)`, `max(id)` or the sequence's last_value reads it as a plain value no
 * lineage of that later call can follow. The shipped policy must deny each (`sql.protected.copied`).
 */
export const LEFT_IN_TABLES: readonly string[] = [
  `INSERT INTO scratch (v) SELECT 'x' ${CARD_ROWS}`,
  `INSERT INTO scratch SELECT FROM customers c, generate_series(1, ${cardDigits(6)}) g WHERE c.id = 1`,
  "INSERT INTO scratch (v) SELECT 'x' FROM customers WHERE email LIKE 'a%'",
  "INSERT INTO scratch (v) SELECT '1' FROM customers c WHERE c.card_number LIKE '4%'",
  `INSERT INTO scratch (v) SELECT 'x' FROM generate_series(1, (SELECT count(*) FROM customers WHERE email LIKE 'a%')) g`,
  `UPDATE scratch SET v = 'y' WHERE id <= (SELECT ${cardDigits(6)} ${FIRST})`,
  `DELETE FROM scratch WHERE id <= (SELECT ${cardDigits(6)} ${FIRST})`,
  "UPDATE orders SET status = status WHERE customer_id IN (SELECT id FROM customers WHERE email LIKE 'a%')",
  "DELETE FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE phone LIKE '+1%')",
  `WITH w AS (DELETE FROM scratch WHERE id <= (SELECT ${cardDigits(6)} ${FIRST}) RETURNING 1) SELECT 1 AS one`,
  `MERGE INTO scratch s USING (SELECT g ${CARD_ROWS}) src ON false WHEN NOT MATCHED THEN INSERT (v) VALUES ('m')`,
  `CREATE TABLE kept_a AS SELECT 1 AS x ${CARD_ROWS}`,
  `CREATE TABLE kept_b AS SELECT ${CARD_ROWS}`,
  `SELECT INTO kept_c ${CARD_ROWS}`,
  `SELECT nextval('scratch_id_seq') ${CARD_ROWS}`,
  `SELECT setval('scratch_id_seq', ${cardDigits(6)}) ${FIRST}`,
];

/** What a later call reads back of what those left: plain values of tables no rule covers. */
export const READ_BACK: readonly string[] = ['SELECT count(*) AS n FROM scratch', 'SELECT max(id) AS m FROM scratch', 'SELECT last_value FROM scratch_id_seq'];

/**
 * Reads that drive the server's statistics a protected number of times (a scan per row of a
 * series as long as the card's digits), and the reads of those statistics. Any call drives them,
 * reads included, so what a statistics view or function counts is masked whole in every call,
 * under a policy that allows everything; the names beside the counts stay readable.
 */
export const DRIVE_STATISTICS: readonly string[] = [
  `SELECT count((SELECT 1 FROM scratch s WHERE s.id > g LIMIT 1)) AS n ${CARD_ROWS}`,
  `SELECT count((SELECT 1 FROM orders o WHERE o.id = g)) AS n ${CARD_ROWS}`,
];

/** Each with the statistics a later call reads; the first column is a name that stays readable. */
export const READ_STATISTICS: readonly string[] = [
  "SELECT relname, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname IN ('scratch', 'orders')",
  "SELECT relname, seq_scan, n_tup_ins FROM pg_stat_all_tables WHERE relname = 'scratch'",
  "SELECT relname, seq_scan, n_tup_ins FROM pg_stat_xact_user_tables WHERE relname = 'scratch'",
  "SELECT indexrelname, idx_scan, idx_tup_read, idx_tup_fetch FROM pg_stat_user_indexes WHERE relname = 'orders'",
  "SELECT datname, tup_returned, tup_fetched, tup_inserted, blks_hit FROM pg_stat_database WHERE datname = current_database()",
  "SELECT relname, reltuples, relpages FROM pg_class WHERE relname = 'scratch'",
  "SELECT 'scratch' AS t, pg_relation_size('scratch') AS a, pg_total_relation_size('scratch') AS b, pg_table_size('scratch') AS c",
  "SELECT 'scratch' AS t, pg_stat_get_numscans('scratch'::regclass) AS a, pg_stat_get_tuples_inserted('scratch'::regclass) AS b, pg_stat_get_live_tuples('scratch'::regclass) AS c",
  "SELECT 'scratch' AS t, pg_stat_get_xact_numscans('scratch'::regclass) AS a, pg_stat_get_xact_tuples_inserted('scratch'::regclass) AS b",
];

/**
 * Statistics views that compute their counts in their FROM (a lateral sum over a table's indexes):
 * a computation there chooses the rows as a condition would, so their names are masked too.
 */
export const STATISTICS_CHOSEN_BY_COUNTS: readonly string[] = ["SELECT relname, heap_blks_read, heap_blks_hit, idx_blks_hit FROM pg_statio_user_tables WHERE relname = 'scratch'"];

/** The same statistics read in the call that drove them: no cleaning between. */
export const SAME_CALL_STATISTICS: readonly string[] = [
  `SELECT count((SELECT 1 FROM scratch s WHERE s.id > g LIMIT 1)) AS n ${CARD_ROWS}; SELECT relname, seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'scratch'`,
  `SELECT count((SELECT 1 FROM scratch s WHERE s.id > g LIMIT 1)) AS n ${CARD_ROWS}; SELECT 'scratch' AS t, pg_stat_get_xact_numscans('scratch'::regclass) AS n`,
  // Calls of a user function, counted where track_functions is on (the test database sets it).
  `SELECT count(public.gh_one(g)) AS n ${CARD_ROWS}; SELECT funcname, calls, total_time, self_time FROM pg_stat_xact_user_functions`,
];

/** Ordinary DBA reads of the statistics: names and times come back as they are, and the shipped policy allows them. */
export const STATISTICS_DECOYS: readonly string[] = [
  'SELECT schemaname, relname, last_vacuum, last_autoanalyze FROM pg_stat_user_tables ORDER BY relname',
  "SELECT relname, relkind FROM pg_class WHERE relname = 'orders'",
  "SELECT indexrelname FROM pg_stat_user_indexes WHERE relname = 'orders' ORDER BY 1",
];

/** Writes near those above, chosen by lookups or by unprotected columns: the shipped policy must not deny them. */
export const WRITE_DECOYS: readonly string[] = [
  "INSERT INTO scratch (v) SELECT 'x' FROM customers WHERE email = 'ada@example.com'",
  "UPDATE orders o SET status = o.status FROM customers c WHERE c.id = o.customer_id AND c.email = 'ada@example.com'",
  "DELETE FROM scratch WHERE v LIKE 'x%'",
  "INSERT INTO scratch (v) SELECT city FROM customers WHERE name LIKE 'A%'",
  "SELECT nextval('scratch_id_seq') FROM generate_series(1, 3)",
  "INSERT INTO scratch (v) VALUES ('a'), ('b') RETURNING *",
];

// The facts one SQL call yields for policy, declared once: the TypeScript type, the CEL types and the
// policy fact reference all come from this schema. Field names are a contract with policies.
import { z } from 'zod';

const flag = (text: string) => z.boolean().describe(text);
const names = (text: string) => z.array(z.string()).describe(text);

export const SqlDangerSchema = z
  .object({
    fileAccess: flag('Reads or writes server files: COPY to/from a file, pg_read_file, pg_ls_dir, lo_import/lo_export, adminpack, file_fdw, CREATE TABLESPACE ... LOCATION, server config file views.'),
    programExecution: flag('Runs programs or native code on the server: COPY ... PROGRAM, CREATE LANGUAGE, functions or DO blocks in untrusted languages (plpython3u, plperlu, c), LOAD, settings that name commands or libraries.'),
    roleChange: flag('Changes roles: SET/RESET ROLE, CREATE/ALTER/DROP ROLE or USER, GRANT/REVOKE role membership, set_config(\'role\'), UPDATE pg_settings of role or of settings it cannot name.'),
    sessionAuthorization: flag('SET/RESET SESSION AUTHORIZATION, set_config(\'session_authorization\'), UPDATE pg_settings of it or of settings it cannot name.'),
    configChange: flag('Changes server or stored configuration: ALTER SYSTEM, ALTER DATABASE/ROLE ... SET, set_config, pg_reload_conf, pg_rotate_logfile, writes to pg_settings.'),
    backendKill: flag('Cancels or terminates other sessions: pg_cancel_backend, pg_terminate_backend.'),
    opaqueCode: flag('Runs code whose effect cannot be read here: DO blocks and functions with dynamic EXECUTE, bodies in other languages or that do not parse, EXECUTE of a statement prepared outside this call, functions that run SQL given as text (query_to_xml, ts_stat, ...).'),
    remoteAccess: flag('Reaches other servers: dblink*, postgres_fdw, foreign servers, user mappings, foreign tables, subscriptions.'),
    privilegeChange: flag('Changes privileges or security: GRANT/REVOKE, default privileges, owners, row-level security and policies, SECURITY DEFINER functions.'),
    guardSettingChange: flag('Changes a setting the executor relies on (role, session_authorization, statement/lock/idle timeouts, transaction_read_only, default_transaction_read_only, search_path, row_security, client_encoding, standard_conforming_strings, audit logging, RESET ALL, DISCARD ALL, BEGIN READ WRITE).'),
    extensionChange: flag('CREATE, ALTER or DROP EXTENSION (CREATE LANGUAGE included).'),
    largeObject: flag('Uses large objects (lo_* functions, loread, lowrite).'),
    serverControl: flag('Controls the server or its replication: CHECKPOINT, pg_promote, pg_switch_wal, replication slots and origins, backups, statistics resets.'),
    catalogWrite: flag('Writes a system catalog table (pg_*) directly.'),
    credentialAccess: flag('Reads password or user-mapping catalogs (pg_authid, pg_shadow, pg_user_mappings).'),
  })
  .describe('Danger flags over the whole call, nested code included.');

const protectedNames = (text: string) =>
  names(`${text} Each as table.column (table as written in the call), table.* for a whole row, * when it cannot be decided.`);

export const SqlProtectedSchema = z
  .object({
    read: protectedNames('Protected columns the call references anywhere.'),
    filtered: protectedNames('Protected columns in a condition: WHERE, HAVING, JOIN ON, FILTER.'),
    compared: protectedNames(
      'Protected columns searched with: in a condition other than a lookup (equal or unequal to a constant, IN constants, IS NULL, a join of two columns as they are), such as LIKE, ranges, functions or arithmetic over the column; in a computed GROUP BY key; in LIMIT/OFFSET.',
    ),
    ordered: protectedNames('Protected columns the rows are sorted or made distinct by (ORDER BY, DISTINCT ON, window order).'),
    grouped: protectedNames('Protected columns grouped by as they are.'),
    joined: protectedNames('Protected columns compared with another column as they are (JOIN ... ON a = b, USING, IN (SELECT ...)).'),
    explained: protectedNames('Protected columns in conditions, sorting or grouping of a statement under EXPLAIN (its row counts and estimates answer them).'),
    copied: protectedNames('Protected columns whose values a write stores (INSERT, UPDATE SET, MERGE, CREATE TABLE AS, SELECT INTO).'),
    derived: protectedNames('Protected columns that result columns are computed from (not shown as they are): those result columns are masked whole.'),
  })
  .describe('How the call uses protected columns: those a column rule of any masking profile covers, followed through expressions, subqueries, CTEs and set operations (views too at execution).');

export const SqlStatementSchema = z.object({
  kind: z.string().describe('Statement kind in lower snake case: select, insert, update, delete, merge, drop, create_table, set, do, explain_analyze, ...; an unknown statement type keeps its own snake_case name.'),
  objectType: z.string().describe('Object type the statement acts on when it names one (table, index, function, role, ...); empty otherwise.'),
  tables: names('Relations this statement references, nested parts included, as PostgreSQL resolves the names (unquoted names folded to lower case), schema-qualified when written so.'),
  writes: z.boolean().describe('The statement changes data, schema or server state when it runs (false for the target of a plain EXPLAIN).'),
  hasWhere: z.boolean().describe('UPDATE/DELETE/SELECT: a WHERE clause that is not a tautology (WHERE true, 1=1, x=x ...); MERGE: a non-tautological ON.'),
  nested: z.boolean().describe('Inside another statement: a CTE body, PREPARE body, function or DO body, rule action (the target of EXPLAIN ANALYZE runs as if top-level: false).'),
  executes: z.boolean().describe('Runs as part of this call; false only for the target of a plain EXPLAIN, which is planned but not run.'),
});

export const SqlFactsSchema = z.object({
  parsed: z.boolean().describe('The whole call was read with certainty. False on a syntax error, a size or nesting limit, an odd character or an internal failure; then readOnly is false, writes and danger.opaqueCode are true and nothing else is known.'),
  error: z.string().describe('Why parsed is false; empty otherwise.'),
  errorPosition: z.number().describe('0-based character offset of a syntax error in the SQL; -1 when there is none or it is unknown.'),
  statementCount: z.number().describe('Number of top-level statements.'),
  statements: z.array(SqlStatementSchema).describe('Every statement, nested ones included, in the order they are met.'),
  kinds: names('Distinct statement kinds of all statements, nested ones included.'),
  tables: names('Every relation referenced anywhere (CTE names are not relations), as PostgreSQL resolves the names, schema-qualified when written so.'),
  writtenTables: names('Relations the call creates, changes, empties or drops.'),
  functions: names('Every function called anywhere, as written and resolved by the parser, schema-qualified when written so (pg_catalog.pg_read_file).'),
  dangerousFunctions: names('Lower-case unqualified names of called functions found in the catalogue of dangerous built-ins.'),
  sideEffectFunctions: names('Lower-case unqualified names of called built-ins that change state without being dangerous (nextval, setval, pg_notify, advisory locks).'),
  customOperators: names('Operators that are not built in; like user functions, they run code that cannot be read here.'),
  callsUserFunctions: z.boolean().describe('Calls a function or operator outside the list of known built-ins, names a type outside that list (converting to it may run a domain check or a cast function), or calls a procedure: its body is not visible here.'),
  writes: z.boolean().describe('Some statement that runs changes data, schema or server state, or code that cannot be read may (opaque code, CALL, EXECUTE of an unknown prepared statement).'),
  readOnly: z.boolean().describe('The whole call provably only reads: no write, DDL, lock, side-effect function, user function, opaque code, guard setting change or danger; transaction control is allowed.'),
  ddl: z.boolean().describe('Creates, alters or drops schema objects, roles or privileges (GRANT/REVOKE, COMMENT, SELECT INTO and CREATE TABLE AS included).'),
  destructive: z.boolean().describe('DROP of anything, TRUNCATE, UPDATE/DELETE without an effective WHERE, ALTER TABLE ... DROP COLUMN, DROP OWNED.'),
  unboundedWrite: z.boolean().describe('An UPDATE or DELETE (or a MERGE that updates or deletes) without an effective WHERE, anywhere in the call, CTEs and code bodies included.'),
  settings: names('Settings the call changes (SET, SET LOCAL, RESET, set_config, ALTER SYSTEM, ALTER ROLE/DATABASE ... SET, BEGIN options, UPDATE pg_settings), lower case; "all" for RESET ALL, "*" when the name is computed or an UPDATE of pg_settings does not list the names in its WHERE.'),
  lockingRead: z.boolean().describe('A SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE runs.'),
  transactionControl: z.boolean().describe('BEGIN, COMMIT, ROLLBACK, SAVEPOINT or two-phase commit statements appear, in SQL or PL/pgSQL.'),
  foreignSessionObjects: names(
    'Cursors and prepared statements the call uses (FETCH, MOVE, CLOSE, EXECUTE, DEALLOCATE, EXPLAIN EXECUTE) without creating them earlier in the same call, as "cursor NAME" or "prepared statement NAME". Every call starts on a clean session, so they could only be another call\'s: the pack refuses such a call before it runs.',
  ),
  clientCopy: z.boolean().describe('A statement of the call is COPY ... TO STDOUT or FROM STDIN: its data would stream between the server and gatehouse, which does not serve it. The pack refuses such a call before it runs (a read can use SELECT instead).'),
  danger: SqlDangerSchema,
  protected: SqlProtectedSchema,
  notes: names('Short explanations of why code was found opaque or a part could not be read.'),
});

export type SqlFacts = z.infer<typeof SqlFactsSchema>;
export type SqlStatementFacts = z.infer<typeof SqlStatementSchema>;
export type SqlDanger = z.infer<typeof SqlDangerSchema>;
export type DangerFlag = keyof SqlDanger;
export type SqlProtectedUse = z.infer<typeof SqlProtectedSchema>;

export const NO_PROTECTED_USE: SqlProtectedUse = { read: [], filtered: [], compared: [], ordered: [], grouped: [], joined: [], explained: [], copied: [], derived: [] };

export const DANGER_FLAGS = Object.keys(SqlDangerSchema.shape) as DangerFlag[];

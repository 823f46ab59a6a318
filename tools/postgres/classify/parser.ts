// The only door to libpg-query (the PostgreSQL parser as WebAssembly). Everything here is
// synchronous and never throws for a bad input: results are values. Every text is checked against
// the nesting bound before the parser sees it (see nesting-guard.ts for why).
import { hasSqlDetails, loadModule, parsePlPgSQLSync, parseSync, scanSync, type ScanToken } from 'libpg-query';
import { SQL_LIMITS, SqlLimitError } from './limits.ts';
import { nestingBound, nestingEstimate } from './nesting-guard.ts';
import { codePointToIndex } from './source-text.ts';

/** One top-level statement as the parser returns it: the node and its place in the text, in bytes. */
export interface RawStatement {
  stmt: unknown;
  location: number;
  length: number | undefined;
}

export type ParseOutcome = { ok: true; statements: RawStatement[] } | { ok: false; error: string; position: number };

let loading: Promise<void> | undefined;
let ready = false;

/** Loads the WebAssembly parser once; later calls return the same promise. */
export function initSqlParser(): Promise<void> {
  loading ??= loadModule().then(
    () => {
      ready = true;
    },
    (error: unknown) => {
      loading = undefined; // let a later call try again
      throw error;
    },
  );
  return loading;
}

/**
 * Tokens of a text, or undefined when the scanner rejects it. The scanner writes its tokens as JSON
 * with C0 controls raw, which it then cannot read back: each is scanned as a space, which keeps every
 * offset and every token (inside a literal or comment it is text; outside one the parser refuses it).
 */
export function scanTokens(text: string): ScanToken[] | undefined {
  if (!ready) return undefined;
  try {
    // eslint-disable-next-line no-control-regex -- exactly the characters the scanner's JSON cannot carry
    return scanSync(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ')).tokens;
  } catch {
    return undefined;
  }
}

/**
 * Refuses a text whose tree could be too deep for the parser. Throws SqlLimitError (a limit, so the
 * whole call is refused); returns an error string when the text cannot even be tokenized.
 */
function checkNesting(text: string): string | undefined {
  if (text.length <= SQL_LIMITS.fastPathChars || nestingBound(text, SQL_LIMITS.maxNesting) <= SQL_LIMITS.maxNesting) return undefined;
  const tokens = scanTokens(text);
  if (!tokens) return 'the SQL could not be tokenized (unterminated literal, comment or identifier?)';
  const estimate = nestingEstimate(tokens);
  if (estimate > SQL_LIMITS.maxNesting) {
    throw new SqlLimitError(`the SQL is nested too deeply to classify safely (estimate ${estimate} > ${SQL_LIMITS.maxNesting})`);
  }
  return undefined;
}

export function parseSql(text: string): ParseOutcome {
  if (!ready) return { ok: false, error: 'the SQL parser is not initialized', position: -1 };
  if (text === '') return { ok: true, statements: [] }; // the library refuses an empty string
  const tokenError = checkNesting(text);
  if (tokenError) return { ok: false, error: tokenError, position: -1 };
  try {
    const tree = parseSync(text) as { stmts?: Array<{ stmt?: unknown; stmt_location?: number; stmt_len?: number }> };
    const statements = (tree.stmts ?? []).map((s) => ({ stmt: s.stmt, location: s.stmt_location ?? 0, length: s.stmt_len || undefined }));
    return { ok: true, statements };
  } catch (error) {
    if (hasSqlDetails(error)) {
      const cursor = error.sqlDetails?.cursorPosition;
      return { ok: false, error: bounded(error.message), position: typeof cursor === 'number' && cursor >= 0 ? codePointToIndex(text, cursor) : -1 };
    }
    return { ok: false, error: `the SQL parser failed: ${describe(error)}`, position: -1 };
  }
}

export type PlpgsqlOutcome = { ok: true; functions: unknown[] } | { ok: false; error: string };

/** Parses the PL/pgSQL of one CREATE FUNCTION or DO statement; `body` is checked for depth first. */
export function parsePlpgsql(statementText: string, body: string): PlpgsqlOutcome {
  if (!ready) return { ok: false, error: 'the SQL parser is not initialized' };
  const tokenError = checkNesting(body);
  if (tokenError) return { ok: false, error: tokenError };
  try {
    const tree = parsePlPgSQLSync(statementText) as { plpgsql_funcs?: unknown[] };
    return { ok: true, functions: tree.plpgsql_funcs ?? [] };
  } catch (error) {
    return { ok: false, error: bounded(describe(error)) };
  }
}

/** The parser quotes the whole rest of a text after an unterminated literal, comment or name: at most this much of a message is kept. */
const MAX_ERROR_LENGTH = 200;

function bounded(message: string): string {
  if (message.length <= MAX_ERROR_LENGTH) return message;
  // Never half of a character drawn with two code units.
  const end = /[\ud800-\udbff]/.test(message.charAt(MAX_ERROR_LENGTH - 1)) ? MAX_ERROR_LENGTH - 1 : MAX_ERROR_LENGTH;
  return `${message.slice(0, end)}…`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

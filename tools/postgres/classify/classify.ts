// classifySql: SQL text in, facts out. Synchronous, pure and total: it never throws, and anything it
// cannot read with certainty (syntax errors, limits, odd characters, internal failures) becomes
// parsed: false, which policy treats as deny.
import { FactCollector, unreadableFacts } from './collector.ts';
import type { SqlFacts } from './facts-schema.ts';
import { SQL_LIMITS, SqlLimitError } from './limits.ts';
import { scanTokens } from './parser.ts';
import { SourceText } from './source-text.ts';
import { SqlTreeWalker } from './tree-walker.ts';
import type { Scope } from './walk-types.ts';

const ROOT: Scope = { codeDepth: 0, executes: true, nested: false, ctes: undefined };

/** The facts of a call and its top-level statements as parsed (empty unless the whole call parsed). */
export interface SqlAnalysis {
  facts: SqlFacts;
  statements: readonly unknown[];
}

// The pack asks for facts, shape and summary of the same text in a row: parse it once. Agents send
// the same short statements again and again with other parameters: the most recent short texts are
// remembered, so a repeated one costs a lookup instead of a parse and its garbage. The same text
// always parses to the same tree and facts, so nothing of one call's state reaches another.
const REMEMBERED = 64;
const REMEMBER_MAX_CHARS = 2048;
const recent = new Map<string, SqlAnalysis>();
let last: { sql: string; analysis: SqlAnalysis } | undefined;

function remembered(sql: string): SqlAnalysis | undefined {
  if (last?.sql === sql) return last.analysis;
  const analysis = recent.get(sql);
  if (analysis) {
    recent.delete(sql);
    recent.set(sql, analysis);
  }
  return analysis;
}

function remember(sql: string, analysis: SqlAnalysis): void {
  last = { sql, analysis };
  if (sql.length > REMEMBER_MAX_CHARS) return;
  recent.set(sql, analysis);
  if (recent.size > REMEMBERED) recent.delete(recent.keys().next().value as string);
}

export function classifySql(sql: string): SqlFacts {
  return analyzeSql(sql).facts;
}

export function analyzeSql(sql: string): SqlAnalysis {
  try {
    if (typeof sql !== 'string') return unread(unreadableFacts('the SQL is not a string', -1));
    const known = remembered(sql);
    if (known) return known;
    // Facts are frozen (policy reads them); the tree is only read by lineage.
    const analysis = classifyText(sql);
    deepFreeze(analysis.facts);
    remember(sql, analysis);
    return analysis;
  } catch (error) {
    return unread(unreadableFacts(`internal classifier error: ${error instanceof Error ? error.message : String(error)}`, -1));
  }
}

const unread = (facts: SqlFacts): SqlAnalysis => ({ facts, statements: [] });

function classifyText(sql: string): SqlAnalysis {
  if (sql.length > SQL_LIMITS.maxChars) return unread(unreadableFacts(`the SQL is longer than ${SQL_LIMITS.maxChars} characters`, -1));
  const odd = oddCharacter(sql);
  if (odd) return unread(unreadableFacts(odd.error, odd.position));
  const collector = new FactCollector();
  try {
    const walker = new SqlTreeWalker(collector);
    const outcome = walker.walkText(sql, ROOT, true);
    if (!outcome.ok) return unread(unreadableFacts(outcome.error, outcome.position, readablePrefix(sql, outcome.position)));
    if (outcome.count === 0) return unread(unreadableFacts('the SQL contains no statement', -1));
    collector.statementCount = outcome.count;
    return { facts: collector.toFacts(), statements: walker.topStatements };
  } catch (error) {
    if (!(error instanceof SqlLimitError)) throw error;
    return unread(unreadableFacts(error.message, -1, readablePrefix(sql, -1) ?? collector));
  }
}

/** Texts longer than this are not searched for a readable prefix (it costs a scan and parses). */
const SALVAGE_MAX_CHARS = 100_000;
const SALVAGE_TRIES = 4;

/**
 * The facts of the statements before the one that cannot be read. Nothing runs when any part of a
 * call does not parse, but the facts of the readable part keep their danger flags: adding a broken
 * statement to a call must never make it look safer.
 */
function readablePrefix(sql: string, failedAt: number): FactCollector | undefined {
  if (sql.length > SALVAGE_MAX_CHARS) return undefined;
  // Only the text before the error is scanned: the error may be an unterminated literal.
  const head = failedAt >= 0 ? sql.slice(0, failedAt) : sql;
  const tokens = scanTokens(head);
  if (!tokens) return undefined;
  const source = new SourceText(head);
  const cuts = tokens.filter((t) => t.text === ';').map((t) => t.start);
  for (let i = cuts.length - 1, tries = 0; i >= 0 && tries < SALVAGE_TRIES; i--, tries++) {
    const prefix = source.sliceBytes(0, cuts[i]);
    const collector = new FactCollector();
    try {
      const outcome = new SqlTreeWalker(collector).walkText(prefix, ROOT, true);
      if (outcome.ok) {
        collector.statementCount = outcome.count;
        return collector;
      }
    } catch (error) {
      if (!(error instanceof SqlLimitError)) throw error;
    }
  }
  return undefined;
}

/**
 * Characters the parser and the server could read differently: a NUL ends the text for the C parser
 * but not for the wire, and a lone surrogate has no UTF-8 form (the driver would replace it).
 */
function oddCharacter(sql: string): { error: string; position: number } | undefined {
  const nul = sql.indexOf('\u0000');
  if (nul >= 0) return { error: 'the SQL contains a NUL character', position: nul };
  const lone = /\p{Cs}/u.exec(sql);
  if (lone) return { error: 'the SQL contains an unpaired UTF-16 surrogate', position: lone.index };
  return undefined;
}

/** Facts are shared through the cache, so nobody may change them. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

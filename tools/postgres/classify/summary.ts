// One line for approvers and auditors: what the facts say first, then the SQL as the parser reads it.
// Comments are dropped and whitespace collapsed, so a comment or a run of blank lines cannot make
// the line look harmless; control and invisible formatting characters (bidi overrides) are shown
// as "�"; password literals are hidden.
import { classifySql } from './classify.ts';
import { DANGER_FLAGS, type SqlFacts } from './facts-schema.ts';
import { scanTokens } from './parser.ts';
import { SourceText } from './source-text.ts';
import { cutAtSpace, SUMMARY_MAX } from '../../../src/render/characters.ts';

/** Only the start of a long text is shown, so only the start is tokenized. */
const SCAN_PREFIX = 4_000;

export function summarizeSql(sql: string): string {
  const text = typeof sql === 'string' ? sql : String(sql);
  try {
    const line = `[${tags(classifySql(text)).join(', ')}] ${readableSql(text)}`;
    return cutAtSpace(line, SUMMARY_MAX);
  } catch {
    return cutAtSpace(`[unreadable] ${visible(text.slice(0, SCAN_PREFIX))}`, SUMMARY_MAX);
  }
}

function tags(facts: SqlFacts): string[] {
  const out: string[] = [];
  if (!facts.parsed) return ['unparseable'];
  if (facts.statementCount > 1) out.push(`${facts.statementCount} statements`);
  out.push(facts.kinds.slice(0, 4).join('+') + (facts.kinds.length > 4 ? '+…' : ''));
  if (facts.readOnly) out.push('read-only');
  else if (facts.writes) out.push('writes');
  if (facts.unboundedWrite) out.push('NO WHERE');
  else if (facts.destructive) out.push('destructive');
  const dangers = DANGER_FLAGS.filter((f) => facts.danger[f]);
  if (dangers.length > 0) out.push(`danger: ${dangers.join('+')}`);
  return out;
}

/** The SQL rebuilt from its tokens, without comments; the raw text (collapsed) if it cannot be scanned. */
function readableSql(sql: string): string {
  const head = sql.length > SCAN_PREFIX ? sql.slice(0, SCAN_PREFIX) : sql;
  // Scanning costs more than parsing: only texts that may hold a comment or a password need it.
  if (!/--|\/\*|password/i.test(head)) return visible(head);
  const tokens = scanTokens(head);
  if (!tokens) return visible(head);
  const source = new SourceText(head);
  let out = '';
  let end = 0;
  let previous = '';
  for (const token of tokens) {
    if (token.tokenName === 'C_COMMENT' || token.tokenName === 'SQL_COMMENT') continue;
    const gap = token.start > end || out.endsWith(' ') ? ' ' : '';
    let piece = source.sliceBytes(token.start, token.end);
    if (token.tokenName === 'SCONST' && (previous === 'password' || /password\s*=/i.test(piece))) piece = "'***'";
    out += (out && gap) + piece;
    end = token.end;
    previous = token.text.toLowerCase();
  }
  return visible(out);
}

/** Collapses whitespace and replaces characters that would hide or reorder text. */
function visible(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu, (c) => (/\s/.test(c) ? ' ' : '�'))
    .replace(/\s+/g, ' ')
    .trim();
}

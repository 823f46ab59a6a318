// What `gatehouse masking scan` prints: a masking profile of column rules, one for each column where
// a detector matched, with the share of sampled values each detector matched; the columns the
// compared profile already covers and the tables that could not be sampled, as comments. Names
// and counts only: no sampled value is ever part of the report. The names come from the database,
// where an agent may have created them: every one passes the terminal renderer, so the report can
// be read in a terminal and pasted as it is.
import type { MaskingStyle } from '../masking/index.ts';
import { kindsInValue } from '../render/characters.ts';
import { TerminalText, terminalJson } from '../render/terminal.ts';

export interface ColumnFindings {
  /** As result columns name it: "public.customers". */
  table: string;
  column: string;
  /** Values sampled (NULLs are not values). */
  sampled: number;
  /** Sampled values each detector matched, by detector name. */
  matches: Record<string, number>;
  /** The compared profile's rule that already covers the column. */
  coveredBy?: { match: string; style: MaskingStyle };
}

export interface ScanReport {
  connection: string;
  profile: string;
  /** Values sampled per column at most. */
  limit: number;
  tables: number;
  columns: ColumnFindings[];
  skipped: Array<{ table: string; reason: string }>;
}

/** Found in text, these keep a recognizable part (last digits, the domain); every other finding is redacted. */
const PARTIAL_DETECTORS = new Set(['email', 'card', 'phone']);

/**
 * The column rule to suggest. A column where several detectors matched holds mixed or free text:
 * redacted whole.
 */
export function suggestedRule(findings: ColumnFindings): { match: string; style: MaskingStyle } | undefined {
  const detectors = Object.keys(findings.matches);
  if (detectors.length === 0) return undefined;
  const style = detectors.length === 1 && PARTIAL_DETECTORS.has(detectors[0] as string) ? 'partial' : 'redact';
  return { match: columnPattern(findings.table, findings.column), style };
}

/**
 * schema.table.column as a column rule pattern. Split where column rules split a source table (at its
 * last dot); a dot, * or ? inside a name becomes ?, which matches it (and any other one character).
 */
export function columnPattern(table: string, column: string): string {
  const dot = table.lastIndexOf('.');
  const part = (name: string) => name.replace(/[.*?]/g, '?');
  return [...(dot >= 0 ? [table.slice(0, dot), table.slice(dot + 1)] : [table]), column].map(part).join('.');
}

/** "100%", "25%", "<1%": never rounded to 0% or 100% when some but not all matched. */
function share(count: number, total: number): string {
  if (count === total) return '100%';
  const percent = Math.round((100 * count) / total);
  return percent === 0 ? '<1%' : `${Math.min(percent, 99)}%`;
}

function shares(findings: ColumnFindings): string {
  const byShare = Object.entries(findings.matches).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return `${byShare.map(([name, count]) => `${name} ${share(count, findings.sampled)}`).join(', ')} of ${findings.sampled} sampled`;
}

/**
 * A YAML flow scalar: plain when it is only letters, digits, _ and dots; double-quoted otherwise,
 * with every character that could hide or reorder text written as an escape, which YAML reads back
 * as the character (its double-quoted style takes JSON's escapes).
 */
function scalar(text: string, t: TerminalText): string {
  if (/^[A-Za-z0-9_][A-Za-z0-9_.]*$/.test(text)) return text;
  kindsInValue(text, t.found);
  return terminalJson(text);
}

export function renderProfile(report: ScanReport): string {
  const found = report.columns.filter((c) => Object.keys(c.matches).length > 0);
  const rules = found.filter((c) => c.coveredBy === undefined);
  const covered = found.filter((c) => c.coveredBy !== undefined);
  const t = new TerminalText();
  // A comment is one line: the renderer escapes a line break, which would end it, too.
  const inComment = (text: string) => t.line(text);
  const profile = inComment(report.profile);
  const lines = [
    `# gatehouse masking scan of connection "${inComment(report.connection)}": ${report.columns.length} columns in ${report.tables} tables, up to ${report.limit} values sampled from each.`,
    '# No value is shown. One column rule for each column where a detector matched, with the share of its',
    `# sampled values each detector matched; columns profile "${profile}" already covers are listed below.`,
    `# Add the rules to masking.profiles.${profile}.columns (defining "default" replaces the built-in profile).`,
  ];
  lines.push(rules.length > 0 ? 'columns:' : 'columns: []');
  for (const c of rules) {
    const rule = suggestedRule(c) as { match: string; style: MaskingStyle };
    lines.push(`  - { match: ${scalar(rule.match, t)}, style: ${rule.style} }  # ${shares(c)}`);
  }
  if (covered.length > 0) lines.push(`# Already covered by profile "${profile}":`);
  for (const c of covered) lines.push(`#   ${inComment(`${c.table}.${c.column}`)}  # ${shares(c)}; rule ${inComment(c.coveredBy?.match ?? '')} (${c.coveredBy?.style})`);
  if (report.skipped.length > 0) lines.push('# Not sampled:');
  for (const s of report.skipped) lines.push(`#   ${inComment(s.table)}: ${inComment(s.reason)}`);
  const warning = t.warning();
  if (warning) lines.push(`# WARNING: ${warning}`);
  return `${lines.join('\n')}\n`;
}

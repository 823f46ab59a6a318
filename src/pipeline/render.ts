// Turns a masked ToolResult, or a refusal, into what the agent receives: a readable text block plus
// structured content. This is the one adapter from stage results to MCP results.
import type { Refusal } from './refusal.ts';
import type { TableResult, ToolResult } from './result.ts';

export interface AgentResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent: Record<string, unknown>;
  isError?: boolean;
}

export interface RenderNotes {
  /** One line on what masking changed, e.g. "masked 4 values (column:customers.email 4)". */
  masked?: string;
  maskedCount?: number;
}

const TEXT_CELL_LIMIT = 200;

export function renderResult(result: ToolResult, notes: RenderNotes): AgentResult {
  const lines: string[] = [];
  let structured: Record<string, unknown>;
  switch (result.kind) {
    case 'table':
      structured = { columns: result.columns.map((c) => ({ name: c.name, type: c.type })), rows: result.rows, rowCount: result.rowCount, command: result.command };
      lines.push(renderTable(result.columns.map((c) => c.name), result.rows), `(${result.command} ${result.rowCount}${shownNote(result)})`);
      break;
    case 'process':
      structured = { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode, ...(result.signal ? { signal: result.signal } : {}) };
      lines.push(`exit code: ${result.exitCode ?? `none (signal ${result.signal ?? 'unknown'})`}`);
      if (result.stdout) lines.push('--- stdout ---', result.stdout);
      if (result.stderr) lines.push('--- stderr ---', result.stderr);
      break;
    case 'document':
      structured = { value: result.value, ...(result.note ? { note: result.note } : {}) };
      // A document that is already text (YAML output) is shown as written, not as a JSON string.
      lines.push(typeof result.value === 'string' ? result.value : JSON.stringify(result.value, null, 2));
      if (result.note) lines.push(result.note);
      break;
  }
  if (result.truncated) {
    const what = result.truncated.reason === 'rows' ? `${result.truncated.limit} rows` : `${result.truncated.limit} bytes`;
    lines.push(`Note: the result was cut at the limit of ${what}; narrow the request to see the rest.`);
    structured.truncated = result.truncated;
  }
  if (notes.masked) {
    lines.push(`Note: ${notes.masked}.`);
    structured.masked = notes.maskedCount ?? 0;
  }
  return { content: [{ type: 'text', text: lines.join('\n') }], structuredContent: structured };
}

export function renderRefusal(refusal: Refusal): AgentResult {
  const lines = [`Refused (${refusal.code}): ${refusal.message}`];
  if (refusal.rules?.length) lines.push(`Rules: ${refusal.rules.map((r) => `${r.id} (${r.effect})`).join(', ')}`);
  return {
    isError: true,
    content: [{ type: 'text', text: lines.join('\n') }],
    structuredContent: { error: { code: refusal.code, message: refusal.message, ...(refusal.rules ? { rules: refusal.rules } : {}), ...refusal.details } },
  };
}

/** ", N shown" when fewer rows came back than the command counted; a write's count is rows affected, not returned. */
function shownNote(result: TableResult): string {
  return result.columns.length > 0 && result.rows.length < result.rowCount ? `, ${result.rows.length} shown` : '';
}

/** A compact pipe table; long cells are shortened in the text only (structured content keeps them whole). */
function renderTable(columns: readonly string[], rows: readonly unknown[][]): string {
  if (columns.length === 0) return '(no columns)';
  const out = [columns.join(' | ')];
  for (const row of rows) out.push(row.map(cellText).join(' | '));
  if (rows.length === 0) out.push('(no rows)');
  return out.join('\n');
}

/**
 * Line breaks in a cell are shown as their escapes ("\n"), the way JSON writes them, so a row stays
 * one line and the table never shows more than masking saw: the detectors read a line break as a
 * separator, and an escape (a backslash and a letter) keeps the pieces at least that far apart. A
 * space would not: it would set the pieces side by side in a text the detectors never read.
 */
const LINE_BREAK_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\r': '\\r',
  '\v': '\\v',
  '\f': '\\f',
  '\u0085': '\\u0085',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
  '|': '\\|',
};

function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const flat = text.replace(/[\n\r\v\f\u0085\u2028\u2029|]/g, (c) => LINE_BREAK_ESCAPES[c] ?? c);
  return flat.length > TEXT_CELL_LIMIT ? `${flat.slice(0, TEXT_CELL_LIMIT)}…` : flat;
}

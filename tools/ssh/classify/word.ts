// Turns a word of the syntax tree into what bash would make of it: quotes removed, escapes and
// ANSI-C strings decoded, expansions and substitutions kept as run-time ("dynamic") parts.
import type { Node } from 'web-tree-sitter';
import { decodeAnsiC } from './ansi-c.ts';

/**
 * A literal piece (quoted pieces never glob or brace-expand) or a piece only known at run time
 * (`braces`: a brace group past the expansion cap).
 */
export type WordPart =
  | { kind: 'lit'; text: string; quoted: boolean }
  | { kind: 'dyn'; source: string; home: boolean; braces?: true };

export interface Word {
  /** The word as written. */
  source: string;
  parts: WordPart[];
}

const DYNAMIC_NODES = new Set([
  'simple_expansion',
  'expansion',
  'command_substitution',
  'process_substitution',
  'arithmetic_expansion',
]);

/** Two words with no blank between them, which bash reads as one. */
export function joinWords(first: Word, second: Word): Word {
  return { source: first.source + second.source, parts: mergeLiterals([...first.parts, ...second.parts]) };
}

/** Builds a word from a plain string (for words of strings parsed again or synthesized). */
export function literalWord(text: string, quoted = true): Word {
  return { source: text, parts: [{ kind: 'lit', text, quoted }] };
}

/** Evaluates one argument-like node into a Word. */
export function evaluateWord(node: Node): Word {
  const parts: WordPart[] = [];
  addParts(node, parts);
  return { source: node.text, parts: mergeLiterals(parts) };
}

function addParts(node: Node, out: WordPart[]): void {
  switch (node.type) {
    case 'word':
      addUnquoted(node.text, out);
      return;
    case 'raw_string':
      out.push({ kind: 'lit', text: node.text.slice(1, -1), quoted: true });
      return;
    case 'ansi_c_string':
      out.push({ kind: 'lit', text: decodeAnsiC(node.text.slice(2, -1)), quoted: true });
      return;
    case 'string':
      addChildren(node, out, (gap) => out.push({ kind: 'lit', text: unescapeDoubleQuoted(gap), quoted: true }), true);
      return;
    case 'translated_string':
    case 'concatenation':
      addChildren(node, out, (gap) => addUnquoted(gap, out), false);
      return;
    case 'number': // "10#$x" style numbers hold expansions
      if (node.namedChildCount > 0) break;
      out.push({ kind: 'lit', text: node.text, quoted: false });
      return;
    case 'brace_expression':
    case 'variable_name': // declare/unset operands
      out.push({ kind: 'lit', text: node.text, quoted: false });
      return;
    case 'string_content':
      out.push({ kind: 'lit', text: unescapeDoubleQuoted(node.text), quoted: true });
      return;
    default:
      if (!node.isNamed && node.childCount === 0 && node.type !== '"') {
        // anonymous tokens in word position, e.g. the "$" of $"..." that the grammar splits off
        out.push({ kind: 'lit', text: node.text, quoted: false });
        return;
      }
  }
  if (DYNAMIC_NODES.has(node.type)) {
    out.push({ kind: 'dyn', source: node.text, home: node.text === '$HOME' || node.text === '${HOME}' });
    return;
  }
  // Anything else in word position is not understood: keep it, but only as a run-time value.
  out.push({ kind: 'dyn', source: node.text, home: false });
}

/** Adds the children of a composite node, and the text between them that no child covers. */
function addChildren(node: Node, out: WordPart[], gap: (text: string) => void, inString: boolean): void {
  const text = node.text;
  const base = node.startIndex;
  let cursor = inString ? 1 : 0; // a string's own opening quote is not content
  const end = inString ? text.length - 1 : text.length;
  for (const child of node.children) {
    if (!child) continue;
    const from = child.startIndex - base;
    const to = child.endIndex - base;
    if (from < cursor || to > end) continue; // the quotes themselves
    if (from > cursor) gap(text.slice(cursor, from));
    if (child.type === '$') {
      if (node.type !== 'translated_string') gap('$'); // a lone dollar is a literal
    } else if (child.type !== '"') {
      addParts(child, out);
    }
    cursor = to;
  }
  if (cursor < end) gap(text.slice(cursor, end));
}

/** Unquoted text: a backslash quotes the next character; backslash-newline disappears. */
function addUnquoted(text: string, out: WordPart[]): void {
  let plain = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[i + 1] ?? '';
      i++;
      if (next === '\n') continue;
      if (plain) out.push({ kind: 'lit', text: plain, quoted: false });
      plain = '';
      out.push({ kind: 'lit', text: next, quoted: true });
      continue;
    }
    plain += ch;
  }
  if (plain) out.push({ kind: 'lit', text: plain, quoted: false });
}

/** Inside double quotes a backslash only escapes $ ` " \ and newline. */
export function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_m, ch: string) => (ch === '\n' ? '' : ch));
}

function mergeLiterals(parts: WordPart[]): WordPart[] {
  const merged: WordPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (part.kind === 'lit' && last?.kind === 'lit' && last.quoted === part.quoted) {
      merged[merged.length - 1] = { kind: 'lit', text: last.text + part.text, quoted: last.quoted };
    } else if (!(part.kind === 'lit' && part.text === '' && !part.quoted)) {
      merged.push(part);
    }
  }
  return merged;
}

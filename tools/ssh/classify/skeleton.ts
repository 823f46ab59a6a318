// A line's structure for its grant shape: the syntax tree with every word left out. The operators
// joining commands (&&, ||, |, ;, &), the keywords of loops and conditions, subshells and groups,
// and each redirection's place, operator and descriptor stay; the words themselves are in the
// commands part of the shape already, unquoted, so spacing, quoting and comments still do not
// change a shape, while `cd x && rm *` and `cd x; rm *` never share one.
import type { Node } from 'web-tree-sitter';
import { LIMITS } from './scan.ts';

/** Nodes that are one word of the line: written as `_`, whatever their quoting. */
const WORDS = new Set(['word', 'string', 'raw_string', 'ansi_c_string', 'translated_string', 'concatenation', 'number', 'simple_expansion', 'expansion', 'command_name', 'heredoc_body', 'heredoc_start', 'heredoc_end', 'extglob_pattern', 'regex', 'variable_name', 'special_variable_name']);

/** A statement ends at a newline as at a semicolon. */
const SEPARATORS: Readonly<Record<string, string>> = { '\n': ';', ';': ';' };

export function skeletonOf(root: Node): string {
  const out: string[] = [];
  const visit = (node: Node, depth: number): void => {
    if (depth > LIMITS.maxNesting) {
      // The walk fails such a line, and a line that fails has its own text for a shape.
      out.push('…');
      return;
    }
    if (node.type === 'comment') return;
    if (WORDS.has(node.type)) {
      out.push('_');
      return;
    }
    if (node.childCount === 0) {
      // Unnamed leaves are the operators and keywords; named ones (a descriptor number) keep their text.
      out.push(node.isNamed ? `${node.type}:${node.text}` : (SEPARATORS[node.type] ?? node.type));
      return;
    }
    out.push(`(${node.type}`);
    for (const child of node.children) if (child) visit(child, depth + 1);
    out.push(')');
  };
  visit(root, 0);
  return out.join(' ');
}

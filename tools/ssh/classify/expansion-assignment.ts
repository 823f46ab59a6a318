// `${NAME:=value}` and `${NAME=value}` assign NAME when it is unset (or, with `:`, empty), wherever
// the expansion stands: a command's name or argument, a string, a heredoc, a redirection target,
// a case word. So each one is an assignment like `NAME=value`; `${!ref:=value}` assigns the
// variable ref names, known only at run time.
import type { Node } from 'web-tree-sitter';
import { RUN_TIME_NAME } from './declared.ts';
import type { Assignment } from './model.ts';
import { evaluateWord, type WordPart } from './word.ts';

const ASSIGNING_OPERATORS = new Set([':=', '=']);

/** The assignment an `expansion` node makes; null when it only reads. */
export function expansionAssignment(node: Node): Assignment | null {
  const children = node.children.filter((c): c is Node => c !== null);
  const at = children.findIndex((c) => ASSIGNING_OPERATORS.has(c.type));
  if (at < 0) return null;
  const target = children.slice(0, at).find((c) => c.type === 'variable_name' || c.type === 'subscript');
  const indirect = children.slice(0, at).some((c) => c.type === '!');
  const name = target?.type === 'subscript' ? target.childForFieldName('name')?.text : target?.text;
  const valueNodes = children.slice(at + 1).filter((c) => c.type !== '}');
  return { name: indirect || !name ? RUN_TIME_NAME : name, value: { source: valueNodes.map((n) => n.text).join(' '), parts: valueParts(node, valueNodes) } };
}

/** The value's parts, with the text between its nodes (a space the grammar skipped) kept as written. */
function valueParts(expansion: Node, nodes: Node[]): WordPart[] {
  const parts: WordPart[] = [];
  let cursor = nodes[0]?.startIndex ?? 0;
  for (const n of nodes) {
    if (n.startIndex > cursor) parts.push({ kind: 'lit', text: expansion.text.slice(cursor - expansion.startIndex, n.startIndex - expansion.startIndex), quoted: true });
    parts.push(...evaluateWord(n).parts);
    cursor = n.endIndex;
  }
  return parts;
}

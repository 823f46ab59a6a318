// A short, human description of where a line stops parsing: the first ERROR node or the first
// token the parser had to invent (a missing ")" or "fi").
import type { Node } from 'web-tree-sitter';

export function describeSyntaxError(root: Node, text: string, depth: number): string {
  const bad = root.descendantsOfType('ERROR')[0] ?? findMissing(root);
  const where = depth > 0 ? ' in a nested command string' : '';
  if (!bad) return `syntax error${where}`;
  const snippet = text.slice(bad.startIndex, Math.min(bad.endIndex, bad.startIndex + 40)).replace(/\s+/g, ' ');
  const what = bad.isMissing ? `missing "${bad.type}"` : `near "${snippet}"`;
  return `syntax error${where} at line ${bad.startPosition.row + 1}, column ${bad.startPosition.column + 1}: ${what}`;
}

function findMissing(node: Node): Node | null {
  if (node.isMissing) return node;
  for (const child of node.children) {
    if (child?.hasError) {
      const found = findMissing(child);
      if (found) return found;
    }
  }
  return null;
}

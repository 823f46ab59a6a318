// Builds one regex source that matches any of many literal strings, written as a trie:
// "abc|abd|xyz" becomes "(?:ab(?:c|d)|xyz)". The regex engine then decides on one character per
// branch instead of trying every literal at every position, which keeps scrubbing fast when
// gatehouse holds many secrets (each in several encodings). Longer literals win over their prefixes.

interface TrieNode {
  children: Map<string, TrieNode>;
  end: boolean;
}

const newNode = (): TrieNode => ({ children: new Map(), end: false });
// The syntax characters only (no '-': the source is never inside a class), so it stands in a `u` regex too.
const escapeChar = (ch: string): string => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function insert(root: TrieNode, literal: string): void {
  let node = root;
  for (let i = 0; i < literal.length; i++) {
    const ch = literal[i] as string;
    let child = node.children.get(ch);
    if (child === undefined) {
      child = newNode();
      node.children.set(ch, child);
    }
    node = child;
  }
  node.end = true;
}

/** Source for the literals below `node`. Recursion happens only at branch points, not per character. */
function emit(start: TrieNode): string {
  let literal = '';
  let node = start;
  while (node.children.size === 1 && !node.end) {
    const [ch, child] = node.children.entries().next().value as [string, TrieNode];
    literal += escapeChar(ch);
    node = child;
  }
  if (node.children.size === 0) return literal;
  const branches = [...node.children].map(([ch, child]) => escapeChar(ch) + emit(child));
  if (node.end) branches.push(''); // after the children: the longer literal is preferred
  return `${literal}(?:${branches.join('|')})`;
}

/** Regex source matching any non-empty literal of `literals`. */
export function literalTrieSource(literals: readonly string[]): string {
  const root = newNode();
  for (const literal of literals) if (literal.length > 0) insert(root, literal);
  return emit(root);
}

// A value cut into string literals that a program joins and a reader reads as one: code or its
// output printing `"AKIAIOSFOD" + "NN7EXAMPLE"`, SQL `'536' || '90' || '4417'`, PHP `"a" . "b"`, or
// literals side by side (`"ghp_abc" "def"`, as C and Python join them, across lines too). The seam,
// a closing quote, the operator and the opening quote of the next literal of the same kind, is
// dropped, so the value reads whole.
import { keepWithinMatches, type DerivedText } from './derived-text.ts';

/** A closing quote, an operator or whitespace, and an opening quote of the same kind. */
const SEAM = /(["'`])(?:\s*(?:\+|\|\||\.)\s*|\s+)\1/g;

/** `text` with its seams dropped; undefined when it holds none. */
export function joinStringSeams(text: string): DerivedText | undefined {
  return keepWithinMatches(text, SEAM, () => []);
}

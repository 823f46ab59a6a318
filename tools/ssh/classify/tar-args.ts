// tar's old style ("tar czf out.tgz dir", "tar cTf list out"): the first word is a bundle of option
// letters without a dash, and each letter that takes a value takes the next word, in order. Written
// out as separate options, the arguments parse as any others.
import { literalField, type Field } from './fields.ts';

/** Letters of tar's old-style bundle that take a value. */
const VALUE_LETTERS = 'fbCTXKNgVIF';

export function unbundleTar(args: readonly Field[]): readonly Field[] {
  const first = args[0];
  if (!first || first.text === '' || first.text.startsWith('-') || first.dynamic) return args;
  const out: Field[] = [];
  let next = 1;
  for (const letter of first.text) {
    out.push(literalField(`-${letter}`));
    if (VALUE_LETTERS.includes(letter) && next < args.length) out.push(args[next++] as Field);
  }
  return [...out, ...args.slice(next)];
}

// Characters Unicode keeps only for compatibility, which every reader reads as plain ASCII: styled
// mathematical letters and digits ("𝐚", "𝑎", "𝟒"), circled and parenthesized ones ("ⓐ", "⑴"),
// superscripts and small capitals of modifier letters ("ᵃ", "ª"), letter-like symbols ("ℎ", "™"),
// full-width forms ("Ａ", "＠"), ligatures ("ﬁ"). The table is what NFKC makes of each, where that
// is ASCII and draws something; built once, from the blocks that hold such forms.

/** The blocks searched, [first, end): Latin-1 to enclosed alphanumerics, full-width forms, mathematical and enclosed supplements. */
const BLOCKS: ReadonlyArray<readonly [number, number]> = [
  [0x80, 0x2500],
  [0xfb00, 0xfb07],
  [0xfe50, 0xff5f],
  [0x1d400, 0x1d800],
  [0x1f100, 0x1f1ab],
];

const PRINTABLE_ASCII = /^[!-~]+$/;

function buildTable(): Map<number, string> {
  const table = new Map<number, string>();
  for (const [first, end] of BLOCKS) {
    for (let codePoint = first; codePoint < end; codePoint++) {
      const char = String.fromCodePoint(codePoint);
      const read = char.normalize('NFKC');
      if (read !== char && PRINTABLE_ASCII.test(read)) table.set(codePoint, read);
    }
  }
  return table;
}

/** Code point -> the ASCII text a reader reads in it. */
export const COMPATIBILITY_FORMS: ReadonlyMap<number, string> = buildTable();

/** Regex source of one such character, for a regex with the "u" flag: runs of code points as ranges. */
export function compatibilityFormsClass(): string {
  const codePoints = [...COMPATIBILITY_FORMS.keys()].sort((a, b) => a - b);
  const hex = (codePoint: number): string => `\\u{${codePoint.toString(16)}}`;
  let source = '';
  for (let i = 0; i < codePoints.length; ) {
    let j = i;
    while (j + 1 < codePoints.length && codePoints[j + 1] === (codePoints[j] as number) + 1) j++;
    source += i === j ? hex(codePoints[i] as number) : `${hex(codePoints[i] as number)}-${hex(codePoints[j] as number)}`;
    i = j + 1;
  }
  return `[${source}]`;
}

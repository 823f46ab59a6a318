// Letters that pass a name off as another: `usеrs` with a Cyrillic е reads as the table users, and
// `ｒｍ`, `𝐮𝐬𝐞𝐫𝐬` or `ᴜsers` as ASCII. Found word by word, as Unicode's restriction levels for identifiers do
// (UTS #39): a word may mix Latin with the scripts written alongside it in East Asia (Han, kana,
// Hangul, Bopomofo), never with another; a full-width, mathematical or small-capital form of an
// ASCII letter or digit stands only inside an East Asian word. Words in one script, as names and text in results
// are (José Müller, Москва, 北京), are left alone.

/** Scripts named one by one; a letter in none of them counts as a script of its own. */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Nko', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Georgian', 'Hangul', 'Ethiopic', 'Cherokee', 'Canadian_Aboriginal', 'Ogham', 'Runic', 'Khmer', 'Mongolian', 'Hiragana', 'Katakana', 'Bopomofo', 'Han', 'Coptic', 'Tifinagh', 'Lisu', 'Vai', 'Osage', 'Adlam', 'Deseret', 'Gothic', 'Old_Italic',
].map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);
const EAST_ASIAN = ['Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo'];
/** The mixes of scripts Unicode's "highly restrictive" level allows in one word. */
const ALLOWED_MIXES = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];
const WORD = /[\p{L}\p{M}\p{N}\p{Pc}]/u;
const ASCII_WORD = /\w/;
const ASCII_LETTER = /[A-Za-z]/;
const LETTER = /\p{L}/u;
/** Letters every script uses (the micro sign, ordinal indicators): they mix with any. */
const SHARED = /[\p{Script=Common}\p{Script=Inherited}]/u;
const ASCII_ALNUM = /^[A-Za-z0-9]+$/;
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;

const codePointOf = (char: string) => `U+${(char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;

/** Scripts of the letters seen so far: a text in one script asks about few letters, many times. */
const scriptCache = new Map<string, string>();

function scriptOf(letter: string): string {
  if (letter < '\u0080') return 'Latin';
  let script = scriptCache.get(letter);
  if (script === undefined) {
    script = SCRIPTS.find(([, pattern]) => pattern.test(letter))?.[0] ?? codePointOf(letter);
    scriptCache.set(letter, script);
  }
  return script;
}

/**
 * Latin letters of phonetic notation drawn as ASCII ones, which NFKC leaves as they are: the small
 * capitals (`ᴅʀᴏᴘ`, `ᴜsers`) and the IPA's a, g, i and j. No orthography writes words in them.
 */
const PHONETIC_FORMS = new Map(
  Array.from('ᴀAʙBᴄCᴅDᴇEꜰFɢGʜHɪIᴊJᴋKʟLᴍMɴNᴏOᴘPꞯQʀRꜱSᴛTᴜUᴠVᴡWʏYᴢZɑaɡgɩiȷj').flatMap((char, i, all) => (i % 2 === 0 ? [[char, all[i + 1] as string] as const] : [])),
);

/** The ASCII letter or digit a character is another form of (full-width, mathematical, a ligature, a small capital), if any. */
function asciiOf(char: string): string | undefined {
  if (char < '\u0080' || !LETTER_OR_DIGIT.test(char)) return undefined;
  const folded = char.normalize('NFKC');
  return ASCII_ALNUM.test(folded) ? folded : PHONETIC_FORMS.get(char);
}

const asciiForm = (char: string): boolean => asciiOf(char) !== undefined;

function mixesScripts(scripts: ReadonlySet<string>): boolean {
  return scripts.size > 1 && !ALLOWED_MIXES.some((allowed) => [...scripts].every((s) => allowed.includes(s)));
}

/**
 * The positions (indexes into `chars`) of look-alike letters: every non-ASCII letter of a word that
 * mixes scripts, and every ASCII form outside an East Asian word.
 */
export function lookalikeAt(chars: readonly string[]): Set<number> {
  const found = new Set<number>();
  let start = -1;
  let wide = false;
  for (let i = 0; i <= chars.length; i++) {
    const char = chars[i];
    if (char !== undefined && (char < '\u0080' ? ASCII_WORD.test(char) : WORD.test(char))) {
      if (start < 0) [start, wide] = [i, false];
      wide ||= char >= '\u0080';
      continue;
    }
    if (start >= 0 && wide) lookalikesOfWord(chars, start, i, found);
    start = -1;
  }
  return found;
}

function lookalikesOfWord(chars: readonly string[], start: number, end: number, found: Set<number>): void {
  const word = chars.slice(start, end);
  const scripts = new Set(word.filter((c) => c >= '\u0080' && LETTER.test(c) && !SHARED.test(c) && !asciiForm(c)).map(scriptOf));
  if (word.some((c) => ASCII_LETTER.test(c))) scripts.add('Latin');
  const mixed = mixesScripts(scripts);
  const eastAsian = [...scripts].some((s) => EAST_ASIAN.includes(s));
  word.forEach((char, i) => {
    if (char >= '\u0080' && ((mixed && LETTER.test(char)) || (!eastAsian && asciiForm(char)))) found.add(start + i);
  });
}

/** How many characters of one name are spelled out; the rest are counted. */
const MAX_SPELLED = 8;

/**
 * A name's characters outside ASCII by code point, with their script or the ASCII they stand for:
 * `сору` reads as "copy" but is "U+0441 U+043E U+0440 U+0443 (Cyrillic)". Undefined for ASCII.
 */
export function spellNonAscii(name: string): string | undefined {
  const others = Array.from(name).filter((c) => c >= '\u0080');
  if (others.length === 0) return undefined;
  const described = others.slice(0, MAX_SPELLED).map((c) => `${codePointOf(c)} ${asciiForm(c) ? `(a form of ${asciiOf(c)})` : `(${LETTER.test(c) ? scriptOf(c) : 'not a letter'})`}`);
  const more = others.length > MAX_SPELLED ? ` and ${others.length - MAX_SPELLED} more` : '';
  return `${described.join(' ')}${more}`;
}

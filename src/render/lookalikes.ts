// Letters that pass a name off as another: `usеrs` with a Cyrillic е reads as the table users, and
// `ｒｍ`, `𝐮𝐬𝐞𝐫𝐬` or `ᴜsers` as ASCII. Found word by word, as Unicode's restriction levels for identifiers do
// (UTS #39): a word may mix Latin with the scripts written alongside it in East Asia (Han, kana,
// Hangul, Bopomofo), never with another, and its decimal digits count with their script (`1০`);
// a full-width, mathematical or small-capital form of an ASCII letter or digit stands only inside
// an East Asian word; so does a Roman numeral (`ⅽurl`).
// Words in one script, as names and text in results are (José Müller, Москва, 北京), are left alone,
// but for two cases in code, where a word is a name: a word of another script written only in
// letters drawn like ASCII ones (`сору`, `ΤΕΜΡ`, Lisu `ꓓꓮꓔꓮ`), and a Latin letter drawn as an ASCII
// one with no mark to tell it apart (`admın`), both of which read as an ASCII name.

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
/**
 * Letters and the decimal digits of a script: a digit of another script in an ASCII number or name
 * (`1০` with a Bengali zero, `user०`) mixes scripts as a letter would (UTS #39's mixed numbers).
 */
const LETTER_OR_DECIMAL = /[\p{L}\p{Nd}]/u;
const ASCII_DIGIT = /[0-9]/;
/** Letters every script uses (the micro sign, ordinal indicators): they mix with any. */
const SHARED = /[\p{Script=Common}\p{Script=Inherited}]/u;
const ASCII_ALNUM = /^[A-Za-z0-9]+$/;
/** Letters, digits, and letter numbers (Roman numerals: `ⅽurl`, `/srv/ⅾata`), which NFKC folds to ASCII letters too. */
const LETTER_OR_DIGIT_OR_NUMERAL = /[\p{L}\p{Nd}\p{Nl}]/u;

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

/** The ASCII letter or digit a character is another form of (full-width, mathematical, a Roman numeral, a ligature, a small capital), if any. */
function asciiOf(char: string): string | undefined {
  if (char < '\u0080' || !LETTER_OR_DIGIT_OR_NUMERAL.test(char)) return undefined;
  const folded = char.normalize('NFKC');
  return ASCII_ALNUM.test(folded) ? folded : PHONETIC_FORMS.get(char);
}

const asciiForm = (char: string): boolean => asciiOf(char) !== undefined;

/**
 * Letters of other scripts drawn like an ASCII letter (UTS #39's confusables with a Latin letter,
 * where the two are drawn alike in common fonts): a word made of nothing else reads as an ASCII
 * name though it is in one script (`сору`, `ΤΕΜΡ`, `ꓓꓮꓔꓮ`). Letters drawn only like a small
 * capital (Cyrillic т, н, к) are left out: ordinary words are full of them.
 */
const DRAWN_AS_ASCII = new Set(
  Array.from(
    // Cyrillic
    '\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0423\u0425\u0405\u0406\u0408\u051a\u051c\u04ae\u04c0' +
      '\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0455\u0456\u0458\u04bb\u0501\u051b\u051d\u04cf\u04af' +
      // Greek
      '\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7\u03bf\u03bd\u03b9\u03b1\u03c1\u03c5\u03b3' +
      // Armenian
      '\u0535\u054f\u0555\u053c\u0585\u057d\u0578\u0570\u0581\u0566\u0575' +
      // Lisu, a script of capitals drawn after Latin ones
      '\ua4d0\ua4d1\ua4d3\ua4d4\ua4d6\ua4d7\ua4d9\ua4da\ua4dc\ua4dd\ua4df\ua4e0\ua4e1\ua4e2\ua4e3\ua4e6\ua4e7\ua4ea\ua4eb\ua4ec\ua4ee\ua4f0\ua4f2\ua4f3\ua4f4' +
      // Cherokee
      '\u13a0\u13a1\u13a2\u13aa\u13ac\u13f4\u13df\u13c0\u13bb\u13ab\u13e6\u13de\u13b7\u13e2\u13da\u13d9\u13b3\u13c3\u13a5\u13bd',
  ),
);
/** A one-letter word (a Russian `с`, a Greek `ο`) names nothing an approver would take for another. */
const MIN_DRAWN_AS_ASCII = 2;

/**
 * Latin letters drawn like an ASCII letter or digit with no mark to tell them apart, which NFKC
 * leaves as they are (UTS #39 confusables whose skeleton is ASCII): the dotless i, kra, wynn, the
 * Latin iota, ezh and the tone letters drawn as 3, 5 and 2. A word in code that holds one reads as
 * an ASCII name (`admın`), so in code each is a look-alike; prose keeps them.
 */
const LATIN_DRAWN_AS_ASCII = new Set(Array.from('\u0131\u0138\u01bf\u0196\u01b7\u0292\u01bc\u01bd\u01a7\u01a8\u021d'));
const DOTLESS_I = '\u0131';
/**
 * Letters of Turkish and Azerbaijani drawn with a mark no ASCII letter has. A quoted string in code
 * that holds one (`'Işık açık, kapı kapalı'`, between two like quotes) is plainly text of those languages, so its dotless i
 * are letters, not a disguise; a lone `'kapı'` or an unquoted `admın` is escaped.
 */
const TURKIC_MARKED = /[\u00e7\u00c7\u011f\u011e\u015f\u015e\u0130\u00f6\u00d6\u00fc\u00dc\u00e2\u00c2\u00ee\u00ce\u00fb\u00db\u0259\u018f]/u;
const QUOTE = /['"`]/;

/** The positions of dotless i between two like quotes with another Turkic letter between them. */
function turkicQuotedAt(chars: readonly string[]): Set<number> {
  const found = new Set<number>();
  if (!chars.includes(DOTLESS_I)) return found;
  let from = 0;
  for (let i = 0; i <= chars.length; i++) {
    if (i < chars.length && !QUOTE.test(chars[i] as string)) continue;
    const stretch = chars.slice(from, i);
    if (from > 0 && chars[from - 1] === chars[i] && stretch.some((c) => TURKIC_MARKED.test(c))) stretch.forEach((c, at) => c === DOTLESS_I && found.add(from + at));
    from = i + 1;
  }
  return found;
}

function mixesScripts(scripts: ReadonlySet<string>): boolean {
  return scripts.size > 1 && !ALLOWED_MIXES.some((allowed) => [...scripts].every((s) => allowed.includes(s)));
}

/**
 * The positions (indexes into `chars`) of look-alike letters: every non-ASCII letter of a word that
 * mixes scripts, and every ASCII form outside an East Asian word; in code (`code`), where a word is
 * a name, also every letter of a word in another script drawn all like ASCII letters. Prose keeps
 * such words (Russian `хор`, Greek `ΚΑΙ`): there they are words, not names.
 */
export function lookalikeAt(chars: readonly string[], code = false): Set<number> {
  const found = new Set<number>();
  const turkic = code ? turkicQuotedAt(chars) : new Set<number>();
  let start = -1;
  let wide = false;
  for (let i = 0; i <= chars.length; i++) {
    const char = chars[i];
    if (char !== undefined && (char < '\u0080' ? ASCII_WORD.test(char) : WORD.test(char))) {
      if (start < 0) [start, wide] = [i, false];
      wide ||= char >= '\u0080';
      continue;
    }
    if (start >= 0 && wide) lookalikesOfWord(chars, start, i, found, code, turkic);
    start = -1;
  }
  return found;
}

function lookalikesOfWord(chars: readonly string[], start: number, end: number, found: Set<number>, code: boolean, turkic: ReadonlySet<number>): void {
  const word = chars.slice(start, end);
  const others = word.filter((c) => c >= '\u0080' && LETTER_OR_DECIMAL.test(c) && !SHARED.test(c) && !asciiForm(c));
  const letters = others.filter((c) => LETTER.test(c));
  const scripts = new Set(others.map(scriptOf));
  if (word.some((c) => ASCII_LETTER.test(c))) scripts.add('Latin');
  // An ASCII digit beside a digit of another script: two number systems in one number.
  if (word.some((c) => ASCII_DIGIT.test(c)) && others.some((c) => !LETTER.test(c))) scripts.add('Latin');
  const drawnAsAscii = code && letters.length >= MIN_DRAWN_AS_ASCII && letters.every((c) => DRAWN_AS_ASCII.has(c));
  const mixed = drawnAsAscii || mixesScripts(scripts);
  const eastAsian = [...scripts].some((s) => EAST_ASIAN.includes(s));
  word.forEach((char, i) => {
    if (char >= '\u0080' && ((mixed && LETTER_OR_DECIMAL.test(char)) || (!eastAsian && asciiForm(char)) || (code && LATIN_DRAWN_AS_ASCII.has(char) && !turkic.has(start + i)))) found.add(start + i);
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

// An upper bound on how deep a text's parse tree can be, computed from its tokens alone. The parser
// (WebAssembly) overflows its stack on trees a few thousand levels deep and is not safe to use after
// that, so a text whose bound is too high is refused before it is parsed.
//
// The bound only has to be safe (never below the real depth) and loose enough that flat inputs (long
// VALUES or IN lists, long OR chains) pass. Names and literals never nest on their own; a tree gets
// deeper only through brackets, block keywords and operator-like tokens. So each bracket or block
// opens a frame, and each other token adds a level to the innermost frame until a comma, AND, OR or
// semicolon starts a sibling (PostgreSQL flattens AND/OR chains, and nothing binds looser in an
// expression). Set operations and joins chain across commas and ANDs (SELECT a, b UNION SELECT ...,
// JOIN ... ON x AND y JOIN ...), so they count apart and are only reset by a semicolon.
import type { ScanToken } from 'libpg-query';

/** Tokens that never add a level on their own: names, literals and comments. */
const FLAT_TOKENS = new Set(['IDENT', 'UIDENT', 'SCONST', 'USCONST', 'BCONST', 'XCONST', 'ICONST', 'FCONST', 'PARAM', 'C_COMMENT', 'SQL_COMMENT']);

/**
 * Keywords that open a block closed by END (PL/pgSQL blocks and loops, CASE, BEGIN ATOMIC). LOOP is
 * no SQL keyword, so it is scanned as a name: a name spelled LOOP opens a block too.
 */
const BLOCK_OPENERS = new Set(['BEGIN', 'LOOP', 'IF', 'CASE']);

/** Separators between siblings inside one frame. */
const SIBLING_SEPARATORS = new Set([',', 'AND', 'OR']);

/** Left-deep chains that span separators. */
const CHAIN_TOKENS = new Set(['UNION', 'INTERSECT', 'EXCEPT', 'JOIN']);

interface Frame {
  ops: number;
  chain: number;
}

export function nestingEstimate(tokens: readonly ScanToken[]): number {
  const frames: Frame[] = [{ ops: 0, chain: 0 }];
  let current = 1;
  let max = 1;
  let afterEnd = false;
  for (const token of tokens) {
    const word = token.text.toUpperCase();
    if (FLAT_TOKENS.has(token.tokenName) && !(token.tokenName === 'IDENT' && word === 'LOOP')) continue;
    const closesBlockWord = afterEnd && (word === 'IF' || word === 'LOOP' || word === 'CASE');
    afterEnd = false;
    // END IF / END LOOP / END CASE close one block, not two.
    if (closesBlockWord || word === '.') continue;
    const top = frames[frames.length - 1] as Frame;
    if (word === '(' || word === '[' || BLOCK_OPENERS.has(word)) {
      frames.push({ ops: 0, chain: 0 });
      current += 1;
    } else if (word === ')' || word === ']' || word === 'END') {
      afterEnd = word === 'END';
      // A stray closer (END as COMMIT, or a text the parser will reject) never pops the outermost
      // frame, so it cannot hide depth that comes after it.
      if (frames.length > 1) {
        current -= 1 + top.ops + top.chain;
        frames.pop();
      }
    } else if (SIBLING_SEPARATORS.has(word)) {
      current -= top.ops;
      top.ops = 0;
    } else if (word === ';') {
      current -= top.ops + top.chain;
      top.ops = 0;
      top.chain = 0;
    } else if (CHAIN_TOKENS.has(word)) {
      top.chain += 1;
      current += 1;
    } else {
      top.ops += 1;
      current += 1;
    }
    if (current > max) max = current;
  }
  return max;
}

/** Blanks, quotes and the separators and closers that never add a level: , ; ) ] ' " */
const FLAT_CHARACTERS = new Set([...' \t\n\r\f\v,;)]\'"'].map((c) => c.charCodeAt(0)));

/**
 * A bound on nestingEstimate from characters alone, never below it, so a text it keeps under the
 * limit needs no scan (scanning a 256 KB list of numbers costs more than parsing it). Every token
 * that adds a level is a word (a keyword) or holds a character other than a letter, a digit, a
 * blank, a quote or a separator (, ; ) ]): counting words and such characters, in literals and
 * comments too, counts at least those tokens. Stops counting past `limit`.
 */
export function nestingBound(text: string, limit: number): number {
  let bound = 1;
  let inWord = false;
  for (let i = 0; i < text.length && bound <= limit; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95) {
      if (!inWord) bound++;
      inWord = true;
    } else if (code >= 48 && code <= 57) {
      // A digit goes on a word (a1), or is a number, which never nests.
    } else {
      inWord = false;
      if (!FLAT_CHARACTERS.has(code)) bound++;
    }
  }
  return bound;
}

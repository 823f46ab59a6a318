// Bounds on what the classifier will read. Past any of them the call is not classified but refused
// (parsed: false): the parser runs as WebAssembly, and a stack overflow inside it can leave the module
// broken for every later call, so depth is estimated from tokens before the parser ever sees a text.

export const SQL_LIMITS = {
  /**
   * Longest SQL text accepted, in UTF-16 code units. Larger calls are refused before any work.
   * Classifying costs about a microsecond per character on one core and blocks every other call
   * meanwhile, so the bound keeps the worst case near a quarter of a second.
   */
  maxChars: 262_144,
  /**
   * Texts up to this length skip the token-based nesting estimate: every level of nesting costs at
   * least one character, and the parser survives far deeper trees than this (about 5,000 levels).
   */
  fastPathChars: 1_000,
  /** Largest nesting estimate (see nesting-guard.ts) a text may have before it is parsed. */
  maxNesting: 1_000,
  /** Parse-tree nodes visited per call, nested code included. */
  maxNodes: 500_000,
  /** Statements per call, nested ones included. */
  maxStatements: 5_000,
  /** How deep code may hide code: a DO block whose body runs a string of SQL, and so on. */
  maxCodeDepth: 8,
} as const;

/** Raised inside the classifier when a bound is passed; classifySql turns it into parsed: false. */
export class SqlLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlLimitError';
  }
}

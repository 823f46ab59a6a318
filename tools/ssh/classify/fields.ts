// The fields (arguments) a word becomes after brace expansion, each with a path form in which
// globs and run-time parts are marked, so that paths can be matched as patterns.
import { bracesAsRuntime, expandBraces, mayBraceExpand } from './brace.ts';
import type { Word, WordPart } from './word.ts';

/** Markers for pattern pieces inside a path string (Unicode private use, never in real input). */
export const ANY_NAME = '\uE000'; // "*": any characters within one path segment
export const ONE_CHAR = '\uE001'; // "?" or "[...]": one character
export const ANYTHING = '\uE002'; // a run-time value: anything, slashes included
const MARKERS = /[\uE000-\uE002]/;

export interface Field {
  /** The word as written in the line, when the field comes from one. */
  source?: string;
  /** The argument as bash passes it: unquoted; run-time parts as written. */
  text: string;
  /** The argument as a path: "$HOME" as "~", globs and run-time parts as markers. */
  path: string;
  parts: WordPart[];
  /** Holds a run-time part ($x, $(...), ...). */
  dynamic: boolean;
  /** Holds an unquoted glob (*, ?, [...]) that bash would expand against files. */
  glob: boolean;
}

/** The fields a word expands to. Past the brace cap it is one field whose brace groups are run-time parts. */
export function fieldsOf(word: Word): Field[] {
  if (!mayBraceExpand(word.parts)) return [{ ...toField(word.parts), source: word.source }];
  const expanded = expandBraces(word.parts) ?? [bracesAsRuntime(word.parts)];
  return expanded.map((parts) => ({ ...toField(parts), source: word.source }));
}

/** True when a field holds a brace expansion past the cap. */
export function pastBraceCap(field: Field): boolean {
  return field.parts.some((p) => p.kind === 'dyn' && p.braces === true);
}

/** The single static value of a word, or null when it is dynamic, globs or expands to several. */
export function staticText(word: Word): string | null {
  const fields = fieldsOf(word);
  const only = fields[0];
  return fields.length === 1 && only && !only.dynamic && !only.glob ? only.text : null;
}

/** A field for a name the line gives inside some other text (a sed script's w file, an option's value): literal, no glob. */
export function literalField(name: string): Field {
  return { text: name, path: name, parts: [], dynamic: false, glob: false };
}

/**
 * The part of a field from `offset` on (the value of -ffile, --file=name, @file): its path is cut at
 * the same place when what comes before is literal; otherwise where it starts is not known.
 */
export function fieldFrom(field: Field, offset: number): Field {
  const text = field.text.slice(offset);
  if (field.path.slice(0, offset) === field.text.slice(0, offset)) return { ...field, text, path: field.path.slice(offset) };
  return { ...field, text, path: ANYTHING, dynamic: true };
}

/** True when a path string holds glob or run-time markers. */
export function isPattern(path: string): boolean {
  return MARKERS.test(path);
}

export function toField(parts: WordPart[]): Field {
  let text = '';
  let path = '';
  let dynamic = false;
  let glob = false;
  for (const part of parts) {
    if (part.kind === 'dyn') {
      dynamic = true;
      text += part.source;
      path += part.home ? '~' : ANYTHING;
      continue;
    }
    text += part.text;
    if (part.quoted) {
      path += part.text;
      continue;
    }
    const converted = markGlobs(part.text);
    if (converted !== part.text) glob = true;
    path += converted;
  }
  return { text, path, parts, dynamic, glob };
}

/** Replaces unquoted glob syntax with markers; "[" without a closing "]" is a plain character. */
export function markGlobs(text: string): string {
  if (!/[*?[]/.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '*') out += ANY_NAME;
    else if (ch === '?') out += ONE_CHAR;
    else if (ch === '[') {
      const close = text.indexOf(']', i + 2);
      if (close < 0) out += ch;
      else {
        out += ONE_CHAR;
        i = close;
      }
    } else out += ch;
  }
  return out;
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/**
 * A regular expression for a marked path. `anything` says what a run-time part may stand for:
 * ".*" to ask "could this be X?", ".+" to not let an empty variable decide.
 */
export function patternRegex(path: string, anything = '.*'): RegExp {
  let source = '';
  let segmentStart = true;
  for (const ch of path) {
    if (ch === ANY_NAME) source += segmentStart ? '(?!\\.)[^/]*' : '[^/]*';
    else if (ch === ONE_CHAR) source += segmentStart ? '[^/.]' : '[^/]';
    else if (ch === ANYTHING) source += anything;
    else source += ch.replace(REGEX_SPECIAL, '\\$&');
    segmentStart = ch === '/';
  }
  return new RegExp(`^${source}$`);
}

/** The field with every occurrence of `marker` (xargs -I {}, find's {}) turned into a run-time part. */
export function withRuntimePart(field: Field, marker: string): Field {
  if (!field.text.includes(marker)) return field;
  return {
    ...field,
    path: field.path.split(marker).join(ANYTHING),
    parts: [...field.parts, { kind: 'dyn', source: marker, home: false }],
    dynamic: true,
  };
}

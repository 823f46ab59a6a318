// Name globs for column rules and JSON keys: `*` any run, `?` one character, everything else
// literal. Case-insensitive on purpose: Postgres folds unquoted identifiers, and a rule written
// `*password*` should also catch `DB_PASSWORD`; when in doubt masking covers more, not less.

export type NameMatcher = (name: string) => boolean;

const MATCH_ALL: NameMatcher = () => true;

export function compileGlob(pattern: string): NameMatcher {
  if (/^\*+$/.test(pattern)) return MATCH_ALL;
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, 'is');
  return (name) => regex.test(name);
}

export function isMatchAll(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

// Name globs in rule matches: `*` any run of characters, `?` one character, everything else literal.
export type NameMatcher = (name: string) => boolean;

export function compileGlobs(patterns: readonly string[] | undefined): NameMatcher | undefined {
  if (!patterns) return undefined;
  const exact = new Set(patterns.filter((p) => !/[*?]/.test(p)));
  const regexes = patterns.filter((p) => /[*?]/.test(p)).map(globToRegExp);
  return (name) => exact.has(name) || regexes.some((r) => r.test(name));
}

export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

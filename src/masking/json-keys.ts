// JSON key rules: inside json/jsonb cells and documents, the value under a key that matches one
// of these globs is masked whole, whatever it holds. Keys repeat across rows, so answers are
// cached; the cache is bounded because keys come from data an attacker may shape.
import { compileGlob, type NameMatcher } from './glob.ts';
import type { JsonKeyRule } from './profile-schema.ts';
import type { MaskingStyle } from './styles.ts';

export interface CompiledJsonKeyRule {
  /** The rule's glob, used as its label: never the key itself, which is data. */
  pattern: string;
  style: MaskingStyle;
  matches: NameMatcher;
}

export type JsonKeyMatcher<T> = (key: string) => T | undefined;

const CACHE_LIMIT = 1024;

export function compileJsonKeyRules(rules: readonly JsonKeyRule[]): CompiledJsonKeyRule[] {
  return rules.map((rule) => {
    const pattern = typeof rule === 'string' ? rule : rule.match;
    const style = typeof rule === 'string' ? 'redact' : rule.style;
    return { pattern, style, matches: compileGlob(pattern) };
  });
}

/** First matching rule's payload for a key, with a bounded cache. */
export function createJsonKeyMatcher<T>(rules: ReadonlyArray<readonly [CompiledJsonKeyRule, T]>): JsonKeyMatcher<T> {
  if (rules.length === 0) return () => undefined;
  const cache = new Map<string, T | null>();
  return (key) => {
    const cached = cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = rules.find(([rule]) => rule.matches(key))?.[1];
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, found ?? null);
    return found;
  };
}

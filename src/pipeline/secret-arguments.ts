// A call whose arguments carry a configured secret is refused before anything else looks at it.
// Scrubbing alone would answer such a call with the guess redacted: an oracle that confirms which of
// an agent's guessed passwords is the real one. Refused, recorded and reported to the operator, a
// hit means "rotate this secret" instead.
import type { SecretSource } from '../config/load.ts';
import { holdsSecret, secretPatterns } from './scrub.ts';

/** The config paths of the secrets the arguments hold, in any form the scrubber knows; empty when none. */
export type SecretFinder = (args: unknown) => string[];

export function createSecretFinder(sources: readonly SecretSource[]): SecretFinder {
  // Patterns per secret, so that a hit names the one to rotate.
  const secrets = sources.map(({ path, value }) => ({ path, patterns: secretPatterns([value]) }));
  return (args) => {
    const texts = textsOf(args);
    const found = secrets.filter(({ patterns }) => texts.some((text) => holdsSecret(text, patterns))).map((s) => s.path);
    return [...new Set(found)];
  };
}

/** Every string, key and number inside a JSON-like value (already bounded in depth by the pipeline). */
function textsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number' || typeof value === 'bigint') into.push(String(value));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (!Array.isArray(value)) into.push(key);
      textsOf(child, into);
    }
  }
  return into;
}

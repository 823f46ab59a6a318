// Secrets too short or too common to scrub safely. Scrubbing a configured secret out of every
// outbound text is the second wall, and it only holds for values that cannot turn up by chance: a
// password "x" or "postgres" is part of ordinary words, and a guessable one lets an agent confirm a
// guess by seeing it come back redacted. So the config refuses them, naming the path (never the
// value), unless the operator lists the path under allowWeakSecrets, which is meant for test setups.

/** Shorter secrets are refused: their encoded forms (base64, hex) are short strings any output may hold. */
export const MIN_SECRET_LENGTH = 8;

// The usual defaults and top guesses, compared without case; every one under 8 characters is
// refused by length anyway, and is listed for clarity.
const COMMON = new Set([
  'postgres', 'postgresql', 'password', 'password1', 'passw0rd', 'admin', 'administrator', 'root', 'toor', 'secret',
  'changeme', 'changeit', 'default', '123456', '12345678', '123456789', '1234567890', 'qwerty', 'qwertyuiop', 'letmein',
  'welcome', 'test', 'testing', 'guest', 'master', 'gatehouse', 'iloveyou', 'abc123', 'trustno1', 'superuser',
]);

/** Why a secret value is too weak to scrub safely, or undefined when it is fine. */
export function weakSecretReason(value: string): string | undefined {
  if (COMMON.has(value.toLowerCase())) return 'is a common password or word';
  if (value.length < MIN_SECRET_LENGTH) return `is shorter than ${MIN_SECRET_LENGTH} characters`;
  return undefined;
}

export const isWeakSecret = (value: string): boolean => weakSecretReason(value) !== undefined;

/**
 * Checks each resolved secret against the rule, skipping the paths `allowed` lists, and at the end
 * reports listed paths that named no secret (a typo would otherwise keep a weak secret refused, or
 * silently allow nothing).
 */
export function weakSecretGuard(allowed: readonly string[], problems: string[]): { check(value: string | undefined, path: string): void; finish(): void } {
  const seen = new Set<string>();
  return {
    /** `value` is undefined when the reference did not resolve: the path still counts as a secret's. */
    check(value, path) {
      seen.add(path);
      const reason = value === undefined ? undefined : weakSecretReason(value);
      if (reason && !allowed.includes(path)) {
        problems.push(`${path}: the secret ${reason}, too weak to scrub from output safely; use a long random value, or list "${path}" under allowWeakSecrets (test setups only)`);
      }
    },
    finish() {
      allowed.forEach((path, i) => {
        if (!seen.has(path)) problems.push(`allowWeakSecrets.${i}: "${path}" names no secret in this config`);
      });
    },
  };
}

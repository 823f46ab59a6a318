// The second wall: every configured secret value is replaced in outbound text, whatever produced it.
export type Scrubber = (text: string) => string;

const MIN_SECRET_LENGTH = 4;

export function createScrubber(secretValues: readonly string[]): Scrubber {
  // Longest first so a secret that contains another is replaced whole.
  const secrets = [...new Set(secretValues.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[REDACTED:secret]');
    return out;
  };
}

/** Applies a scrubber to every string inside a JSON-like value, returning a scrubbed copy only when needed. */
export function scrubValue<T>(value: T, scrub: Scrubber): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, scrub)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[scrub(k)] = scrubValue(v, scrub);
    return out as T;
  }
  return value;
}

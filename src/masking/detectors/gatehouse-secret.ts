// Gatehouse's own secret values (database passwords, SSH keys, kube tokens): every occurrence in
// any outbound text is masked, regardless of profile, as the second wall behind "credentials
// stay inside". Also caught, for secrets of 8+ characters: the value URL-encoded, JSON-escaped,
// base64 (standard and url-safe: a Kubernetes Secret's data) and hex-encoded, and each long line
// of a multi-line secret (so `head -3 key.pem` is caught too). Shorter secrets are masked as they
// are, however much text that touches: an operator who configures a 2-character password gets
// its every occurrence masked, not a leak.
import type { EmitSpan, ScanningDetector } from './types.ts';
import { literalTrieSource } from './literal-trie.ts';
import { GATEHOUSE_SECRET } from './names.ts';

/** Lines shorter than this are not searched alone: "-----END...", blank lines, short words. */
const MIN_LINE_NEEDLE = 16;
/** The encoded forms of a shorter secret are short strings common in any output ("7077"). */
const MIN_ENCODED_SECRET = 8;

function encodings(secret: string): string[] {
  if (secret.length < MIN_ENCODED_SECRET) return [secret];
  const forms = [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
  const bytes = Buffer.from(secret, 'utf8');
  forms.push(bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url'));
  const hex = bytes.toString('hex');
  forms.push(hex, hex.toUpperCase());
  return forms;
}

/** Every string to search for. */
export function secretNeedles(secretValues: readonly string[]): string[] {
  const needles = new Set<string>();
  for (const secret of secretValues) {
    if (secret.length === 0) continue;
    for (const form of encodings(secret)) needles.add(form);
    for (const line of secret.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed.length >= MIN_LINE_NEEDLE && trimmed !== secret) for (const form of encodings(trimmed)) needles.add(form);
    }
  }
  needles.delete('');
  return [...needles];
}

/** Undefined when gatehouse holds no secrets. */
export function createGatehouseSecretDetector(secretValues: readonly string[]): ScanningDetector | undefined {
  const needles = secretNeedles(secretValues);
  if (needles.length === 0) return undefined;
  const shortest = Math.min(...needles.map((needle) => needle.length));
  const regex = new RegExp(literalTrieSource(needles), 'g');
  return {
    shape: 'scanning',
    name: GATEHOUSE_SECRET,
    minLength: shortest,
    canMatch: () => true,
    scan(text: string, emit: EmitSpan): void {
      regex.lastIndex = 0;
      let found: RegExpExecArray | null;
      while ((found = regex.exec(text)) !== null) emit(found.index, found.index + found[0].length);
    },
  };
}

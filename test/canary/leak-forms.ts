// The forms a leaked secret takes in captured bytes: as it is, base64 and base64url at each of the
// three byte alignments it can sit at inside a longer encoded text, hex, URL-encoded, and
// JSON-escaped once or twice. Written here rather than taken from src/masking: the scan checks the
// product, so it must not share the product's idea of what an encoding looks like.

export interface LeakForm {
  encoding: string;
  bytes: Buffer;
}

/**
 * The base64 characters that depend on the secret alone when it starts `offset` bytes into a
 * 3-byte group: the first characters also hold bits of the bytes before it (offset 1: 2 chars,
 * offset 2: 3 chars) and the last partial group holds bits of the bytes after it.
 */
function base64Core(secret: Buffer, offset: 0 | 1 | 2, alphabet: 'base64' | 'base64url'): string {
  const padded = Buffer.concat([Buffer.alloc(offset), secret]);
  const encoded = padded.toString(alphabet);
  const mixedAtStart = [0, 2, 3][offset] as number;
  const determined = Math.floor((padded.length * 4) / 3);
  return encoded.slice(mixedAtStart, determined);
}

const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

export function leakForms(secret: string): LeakForm[] {
  const bytes = Buffer.from(secret, 'utf8');
  const texts: Array<[string, string]> = [['plain', secret]];
  for (const offset of [0, 1, 2] as const) {
    texts.push([`base64 (offset ${offset})`, base64Core(bytes, offset, 'base64')]);
    texts.push([`base64url (offset ${offset})`, base64Core(bytes, offset, 'base64url')]);
  }
  const hex = bytes.toString('hex');
  texts.push(['hex', hex], ['HEX', hex.toUpperCase()]);
  texts.push(['URL-encoded', encodeURIComponent(secret)], ['form-encoded', new URLSearchParams({ x: secret }).toString().slice(2)]);
  const json = jsonEscaped(secret);
  // Twice: JSON text inside a JSON string, as a tool result's text content is inside an MCP message.
  texts.push(['JSON-escaped', json], ['JSON-escaped with \\/', json.replaceAll('/', '\\/')], ['JSON-escaped twice', jsonEscaped(json)]);
  // One search per distinct byte string; the first encoding that produces it names it.
  const seen = new Set<string>();
  return texts.filter(([, text]) => !seen.has(text) && seen.add(text)).map(([encoding, text]) => ({ encoding, bytes: Buffer.from(text) }));
}

// Fetching the identity provider's JSON documents (discovery, JWKS) with a timeout and a size cap,
// so a slow or hostile endpoint cannot hold requests or memory. Errors name the URL, never a token.

const TIMEOUT_MS = 5_000;
const MAX_BYTES = 512 * 1024;

export class FetchJsonError extends Error {
  override name = 'FetchJsonError';
}

export async function fetchJson(fetchImpl: typeof fetch, url: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const why = (error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : (error as Error).message;
    throw new FetchJsonError(`${url}: ${why}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new FetchJsonError(`${url}: HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_BYTES) {
    await response.body?.cancel();
    throw new FetchJsonError(`${url}: document larger than ${MAX_BYTES} bytes`);
  }
  const text = await readCapped(response, url);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FetchJsonError(`${url}: not JSON`);
  }
}

/** Reads the body, stopping at MAX_BYTES even when content-length was absent or wrong. */
async function readCapped(response: Response, url: string): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      throw new FetchJsonError(`${url}: document larger than ${MAX_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// Fetching the identity provider's documents: every way the fetch can fail ends in a FetchJsonError
// that names the URL and what went wrong, which the authenticator logs and answers 503 for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fetchJson, FetchJsonError } from '../../src/identity/fetch-json.ts';

const URL_OF_KEYS = 'https://idp.example.com/keys';
const answering = (response: Response): typeof fetch => () => Promise.resolve(response);

describe('fetching a provider document', () => {
  it('names the URL and the status of an error answer, with or without a body', async () => {
    for (const body of [null, 'upstream down']) {
      await assert.rejects(fetchJson(answering(new Response(body, { status: 502 })), URL_OF_KEYS), (error: unknown) => {
        assert.ok(error instanceof FetchJsonError, `a FetchJsonError, not ${String(error)}`);
        assert.equal(error.message, `${URL_OF_KEYS}: HTTP 502`);
        return true;
      });
    }
  });

  it('reads a JSON answer', async () => {
    assert.deepEqual(await fetchJson(answering(Response.json({ keys: [] })), URL_OF_KEYS), { keys: [] });
  });
});

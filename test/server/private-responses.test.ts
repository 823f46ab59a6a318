// Per-principal answers over HTTP: whatever cache header a handler writes (the SDK's event streams
// say "no-cache", which a shared cache may still store), the response leaves private and uncacheable.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import express from 'express';
import { privateResponses } from '../../src/server/private-responses.ts';

describe('private responses', () => {
  it('overrides cache headers given to writeHead and set before it', async () => {
    const app = express();
    app.use(privateResponses);
    app.get('/stream', (_req, res) => void res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', vary: 'Accept' }).end('data: 1\n\n'));
    app.get('/json', (_req, res) => void res.set('Cache-Control', 'public, max-age=600').json({ ok: true }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const path of ['/stream', '/json']) {
        const response = await fetch(`${base}${path}`);
        await response.text();
        assert.equal(response.headers.get('cache-control'), 'private, no-store', path);
        assert.equal(response.headers.get('vary'), 'Authorization', path);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

// What a gatehouse started by a test emits, captured for the canary scan: the child's stdout and
// stderr, every MCP message the test client receives, and at stop the audit store (the SQLite
// file's bytes, or a PostgreSQL store's events and approvals) and the audit sink file.
import { resolve } from 'node:path';
import type { Transport } from '@modelcontextprotocol/client';
import { parseSecretRef, resolveSecretRef } from '../../src/config/secrets.ts';
import { captureFile, captureText, startCapture, type Capture } from './capture.ts';

export interface GatehouseCapture {
  /** Feed it every chunk the child writes, stdout and stderr. */
  output: Capture;
  /** Call after the client connected: wraps the transport's onmessage, which works for stdio and HTTP alike. */
  watch(transport: Transport): void;
  /** Call once the child has exited, so the store is complete. */
  finish(): Promise<void>;
}

interface ConfigShape {
  store?: { sqlite?: string; postgres?: { url?: string } };
  audit?: { sink?: { file?: string } };
}

export function captureGatehouse(config: Record<string, unknown>, env: NodeJS.ProcessEnv, files: { dir: string; storeFile: string }): GatehouseCapture {
  const output = startCapture('gatehouse-output');
  const messages = startCapture('mcp-received');
  const { store, audit } = config as ConfigShape;
  return {
    output,
    watch: (transport) => captureReceived(transport, messages),
    async finish() {
      output.save();
      messages.save();
      if (store?.postgres?.url) await capturePostgresStore(store.postgres.url, files.dir, env);
      else {
        const sqlite = resolve(files.dir, store?.sqlite ?? files.storeFile);
        for (const file of [sqlite, `${sqlite}-wal`]) captureFile('audit-store', file);
      }
      if (audit?.sink?.file) captureFile('audit-sink', resolve(files.dir, audit.sink.file));
    },
  };
}

/** Wraps a connected client transport's onmessage: every message it receives, one JSON line each. */
export function captureReceived(transport: Transport, messages: Capture): void {
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    messages.append(`${JSON.stringify(message)}\n`);
    deliver?.(message, extra);
  };
}

/** Two replicas on one store dump it twice: harmless, and simpler than electing one. */
async function capturePostgresStore(reference: string, dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const ref = parseSecretRef(reference, dir);
  const url = ref.ok ? resolveSecretRef(ref.ref, env) : ref;
  if (!url.ok) return;
  const { openPostgresStore } = await import('../../src/store/postgres.ts');
  const store = await openPostgresStore({ url: url.value, poolSize: 1 });
  try {
    captureText('audit-store', JSON.stringify({ events: await store.events(), approvals: await store.listApprovals() }));
  } finally {
    await store.close();
  }
}

// A pooled client lent to one call, guarded against a server or link that dies or hangs.
// - pg-pool listens for errors on idle clients only: a socket that dies while a call holds the
//   client (the server stopped, the network cut) emits 'error' on the client, and without a
//   listener that crashes the whole process. The lease listens while it holds the client.
// - The driver can wait forever on a dead or silent connection (a cursor's close waits for a
//   reply that never comes), and the statement timeout is the server's: when the server or the
//   link hangs, its cancel never arrives. So work runs against a stop: the connection dying, or
//   the call's limit passing (plus a grace for the server's own cancel to come back), ends it,
//   and the client is destroyed rather than pooled.
// - A call the agent cancels (or whose connection closes) ends the same way: the server is asked to
//   cancel the statement (a sleeping or computing backend never notices its client went away) and
//   the connection is dropped, which rolls back what was not committed.
// - The driver reads the server's messages inside the socket's 'data' handler, where anything it
//   throws (a COPY a cursor cannot take, a value too long for a string, a failing type parser) is an
//   uncaught exception that ends the process. Guarded, it ends that connection instead, and the
//   call holding it fails.
import type pg from 'pg';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import type { PostgresConnection } from './connection.ts';
import { toToolError } from './errors.ts';
import { timerMs, whenAborted } from '../shared/abort.ts';

/** How long after the limit the server's own cancel may still arrive before the connection is ended. */
const DEADLINE_GRACE_MS = 1000;

/** COPY with the client streams outside the protocol the pack reads rows with. */
export function clientCopyRefused(): ToolError {
  return new ToolError(
    'invalid_arguments',
    'COPY ... TO STDOUT and COPY ... FROM STDIN stream data through the client connection, which gatehouse does not serve; use SELECT to read (rows come back capped and masked) and INSERT to write',
  );
}

export interface Lease {
  /** Runs work on the client; rejects once the connection dies or the deadline passes, answered or not. */
  run<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** The ToolError for a failure while leased: a timeout once the deadline passed. `sql`: the agent's, whose fragments an error may show. */
  failure(error: unknown, sql?: string): ToolError;
  /**
   * The call has its answer: cancelling it no longer ends the connection, and what still runs (the
   * session's cleanup) is bound by the deadline and the connection alone.
   */
  answered(): void;
  /** Hands the client back; a broken, dead or expired client is destroyed instead of pooled. */
  release(broken?: Error): void;
}

export async function leaseClient(conn: PostgresConnection, readOnly: boolean, timeoutMs: number, signal?: AbortSignal): Promise<Lease> {
  if (signal?.aborted) throw cancelledError(readOnly);
  let client: pg.PoolClient;
  try {
    client = await conn.pool(readOnly).connect();
  } catch (error) {
    throw toToolError(error, conn.where, timeoutMs);
  }
  guardProtocol(client);
  let stopped: Error | undefined;
  let expired = false;
  let cancelled = false;
  let stop!: (reason: Error) => void;
  const stoppedWork = new Promise<never>((_, reject) => (stop = reject));
  // Rejections are consumed by the races in run(); a stop with no work running must not go unhandled.
  stoppedWork.catch(() => undefined);
  const onError = (error: Error) => {
    stopped ??= error;
    stop(error);
  };
  client.on('error', onError);
  const deadline = setTimeout(() => {
    expired = true;
    onError(new Error('deadline passed'));
    // With a query in flight, end() drops the socket at once rather than waiting for the server.
    void client.end().catch(() => undefined);
  }, timerMs(timeoutMs + DEADLINE_GRACE_MS));
  const onAbort = () => {
    cancelled = true;
    onError(new Error('cancelled'));
    // pg keeps the backend's pid from the connection start; the typings leave it out.
    const pid = (client as unknown as { processID?: number }).processID;
    if (pid !== undefined) void conn.cancelBackend(pid);
    void client.end().catch(() => undefined);
  };
  // A cancel that landed while the client was awaited stops the call here, before anything runs.
  const unsubscribe = signal ? whenAborted(signal, onAbort) : () => undefined;

  return {
    run: (work) => Promise.race([work(client), stoppedWork]),
    failure(error, sql) {
      if (cancelled) return cancelledError(readOnly);
      if (expired) {
        // The answer that never came may have been the COMMIT's.
        const outcome = readOnly ? '' : '; the write may or may not have been committed';
        return new ToolError('timeout', `PostgreSQL at ${conn.where} did not answer within ${timeoutMs} ms; the connection was closed${outcome}`);
      }
      return toToolError(error, conn.where, timeoutMs, sql);
    },
    answered() {
      unsubscribe();
    },
    release(broken) {
      clearTimeout(deadline);
      unsubscribe();
      client.removeListener('error', onError);
      client.release(broken ?? stopped);
    },
  };
}

const guarded = new WeakSet<pg.PoolClient>();

/**
 * Once per client: what the driver throws while reading the server's messages destroys the socket
 * with a ToolError, which the client emits as 'error' (the lease's stop, or pg-pool's idle
 * listener). A COPY with the client is such a failure too: the pack refuses it before it runs, and
 * one that gets past ends here, before the driver sees it.
 */
function guardProtocol(client: pg.PoolClient): void {
  if (guarded.has(client)) return;
  guarded.add(client);
  const { connection } = client;
  const { stream } = connection;
  for (const listener of stream.listeners('data') as Array<(chunk: Buffer) => void>) {
    stream.removeListener('data', listener);
    stream.on('data', (chunk: Buffer) => {
      try {
        listener.call(stream, chunk);
      } catch (error) {
        stream.destroy(readFailure(error));
      }
    });
  }
  for (const message of ['copyInResponse', 'copyOutResponse']) {
    connection.prependListener(message, () => {
      throw clientCopyRefused();
    });
  }
}

/** The driver's own message may quote the value it failed on: it is not passed on. */
function readFailure(error: unknown): ToolError {
  if (error instanceof ToolError) return error;
  if ((error as { code?: unknown } | undefined)?.code === 'ERR_STRING_TOO_LONG') {
    return new ToolError('result_too_large', 'PostgreSQL sent a value too large for gatehouse to hold (over 512 MB); select a part of it (left(), substring()) instead');
  }
  return new ToolError('backend_error', `gatehouse could not read PostgreSQL's answer (${error instanceof Error ? error.name : 'unknown failure'}); the connection was closed`);
}

function cancelledError(readOnly: boolean): ToolError {
  return new ToolError('cancelled', `the call was cancelled; its connection was closed${readOnly ? '' : ' (a write not yet committed was rolled back; one being committed may have been)'}`);
}

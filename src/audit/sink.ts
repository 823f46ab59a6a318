// The live audit sink (audit.sink.file): a JSON-lines copy of the audit log for a SIEM shipper to
// tail. The store stays the record. The sink copies what the store has made durable, reading it
// back in sequence order, so the file is the log in order with nothing skipped, the approvals CLI's
// events included. It writes through an append-mode stream, off the call path: a failing file never
// blocks or fails a call. It logs once, keeps retrying, and on recovery resumes after the last whole
// line the file holds, so the file never skips an event or holds one out of order.
import type { WriteStream } from 'node:fs';
import type { Logger } from 'pino';
import { errorSummary } from '../pipeline/errors.ts';
import { pagedEvents } from '../store/paged-events.ts';
import type { Store } from '../store/store.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { AuditEvent } from './events.ts';
import { auditEventLine } from './jsonl.ts';
import { openSinkFile, type SinkFile } from './sink-file.ts';

/** How often the sink looks for events other processes wrote, or retries a failed file. */
const POLL_MS = 1000;

export interface AuditSink {
  /** Events were made durable: copy them soon. Never throws, never waits. */
  notify(): void;
  /** A signed checkpoint: written right after the event it vouches for, so the file stays in order. */
  checkpoint(c: Checkpoint): void;
  /** Copies what the store holds by now and closes the file. */
  close(): Promise<void>;
}

export type OpenedSink = { ok: true; start(store: Store, logger: Logger): AuditSink } | { ok: false; problem: string };

/** Opens the file now, so a path that cannot be written fails start; copying starts with the store. */
export async function openAuditSink(file: string): Promise<OpenedSink> {
  const opened = await openSinkFile(file);
  if (!opened.ok) return opened;
  return { ok: true, start: (store, logger) => startAuditSink(file, opened, store, logger) };
}

function startAuditSink(file: string, opened: Extract<SinkFile, { ok: true }>, store: Store, logger: Logger): AuditSink {
  /** Undefined after a write failed, until the file is opened again. */
  let stream: WriteStream | undefined;
  /** The last event handed to the stream. */
  let position: number | undefined;
  /** The last event the file is known to hold. */
  let written: number | undefined;
  let fileFailing = false;
  let storeFailing = false;
  let running: Promise<void> | undefined;
  let again = false;
  let reopening = false;
  let closed = false;
  /** Checkpoints not yet known to be in the file: waiting for their event, or for a write to succeed. */
  let checkpoints: Checkpoint[] = [];
  /** Those handed to the current stream; a stream that fails takes its unconfirmed ones with it. */
  const handed = new Set<Checkpoint>();

  function attach(handle: Extract<SinkFile, { ok: true }>['handle']): void {
    const out = handle.createWriteStream({ encoding: 'utf8' });
    out.on('error', (error: NodeJS.ErrnoException) => {
      if (stream === out) stream = undefined;
      if (fileFailing) return;
      fileFailing = true;
      logger.warn({ file, code: error.code ?? 'error' }, 'audit sink: cannot write the file; the store keeps every event; retrying');
    });
    stream = out;
    handed.clear();
  }

  /**
   * Checkpoints up to what the stream was handed; their seq is that of an event already written, so a
   * restart resumes right. One is forgotten only once its line is written: one due while the file
   * failed is written on recovery, before the events copied again after the one it vouches for.
   */
  async function writeCheckpoints(): Promise<void> {
    for (const c of checkpoints.filter((c) => !handed.has(c) && position !== undefined && c.seq <= position)) {
      const out = stream;
      if (!out) throw new Error('the sink file is not open');
      handed.add(c);
      const drained = out.write(`${JSON.stringify(c)}\n`, (error) => {
        if (!error) checkpoints = checkpoints.filter((other) => other !== c);
      });
      if (!drained) await drainedOrClosed(out);
    }
  }

  async function write(event: AuditEvent): Promise<void> {
    const out = stream;
    if (!out) throw new Error('the sink file is not open');
    const drained = out.write(auditEventLine(event), (error) => {
      if (error) return;
      written = event.seq;
      if (fileFailing) logger.info({ file, seq: event.seq }, 'audit sink: writing the file again');
      fileFailing = false;
    });
    if (!drained) await drainedOrClosed(out);
  }

  async function startingPoint(): Promise<number> {
    const head = (await store.auditHead()).seq;
    if (opened.lastSeq === undefined) return head;
    if (opened.lastSeq <= head) return opened.lastSeq;
    logger.warn({ file, fileSeq: opened.lastSeq, storeSeq: head }, 'audit sink: the file is ahead of the store (a file of another store?); copying from the store head');
    return head;
  }

  async function catchUp(): Promise<void> {
    try {
      position ??= written = await startingPoint();
      for await (const event of pagedEvents(store, position)) {
        if (checkpoints.length) await writeCheckpoints();
        await write(event);
        position = event.seq;
      }
      await writeCheckpoints();
      if (storeFailing) logger.info({ file }, 'audit sink: reading the store again');
      storeFailing = false;
    } catch (error) {
      // A failed file was logged by its stream; a store that cannot be read is logged here, once.
      if (!stream || storeFailing) return;
      storeFailing = true;
      logger.warn({ file, err: errorSummary(error) }, 'audit sink: cannot read the store; retrying');
    }
  }

  function notify(): void {
    if (closed || !stream) return;
    if (running) return void (again = true);
    running = (async () => {
      do {
        again = false;
        await catchUp();
      } while (again && stream);
    })().finally(() => (running = undefined));
  }

  async function reopen(): Promise<void> {
    if (reopening || running || closed) return;
    reopening = true;
    try {
      const next = await openSinkFile(file);
      if (!next.ok) return;
      if (closed) return void (await next.handle.close());
      // Resume after what the file holds; a new, empty file resumes after what the old one held.
      position = next.lastSeq ?? written;
      written = position;
      attach(next.handle);
      notify();
    } finally {
      reopening = false;
    }
  }

  attach(opened.handle);
  const timer = setInterval(() => (stream ? notify() : void reopen()), POLL_MS);
  timer.unref();
  notify();

  return {
    notify,
    checkpoint(c) {
      checkpoints.push(c);
      notify();
    },
    async close() {
      clearInterval(timer);
      // One last copy of what the store holds, then flush.
      notify();
      closed = true;
      await running;
      const out = stream;
      if (out) await new Promise<void>((done) => out.end(done));
    },
  };
}

/** Resolves when the stream wants more, or when it is gone (after an error). */
function drainedOrClosed(out: WriteStream): Promise<void> {
  return new Promise((resume) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resume();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

// The server's checkpoints: at every interval and once at shutdown it signs the store's head (in the
// server, the head its chain voucher vouches for: voucher.ts) and
// hands the checkpoint to the live sink and to each configured target (files, webhooks). Off the
// call path on a timer; a target that fails is logged and gets the newest checkpoint at the next
// interval; nothing here ever blocks or fails a call.
import { appendFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { CheckpointSettings } from '../config/load-checkpoints.ts';
import { errorSummary } from '../pipeline/errors.ts';
import type { Store } from '../store/store.ts';
import { signCheckpoint, type Checkpoint } from './checkpoint.ts';
import { ChainRewritten } from './voucher.ts';

const WEBHOOK_TIMEOUT_MS = 5000;

export interface Checkpointer {
  /** Signs and delivers a checkpoint of the head now (after a prune moved the anchor); never throws. */
  now(): Promise<void>;
  /** Signs one last checkpoint, delivers it, and stops. */
  stop(): Promise<void>;
}

export function scheduleCheckpoints(store: Pick<Store, 'auditHead'>, settings: CheckpointSettings, toSink: ((c: Checkpoint) => void) | undefined, logger: Pick<Logger, 'warn' | 'info' | 'error'>, fetchImpl: typeof fetch = fetch): Checkpointer {
  /** Targets whose last delivery failed, so a recovery is logged once. */
  const failing = new Set<string>();
  let last: Checkpoint | undefined;
  let running: Promise<void> = Promise.resolve();

  const delivered = (target: string) => {
    if (failing.delete(target)) logger.info({ target }, 'audit checkpoints: delivering again');
  };
  const failed = (target: string, problem: string) => {
    if (failing.has(target)) return;
    failing.add(target);
    logger.warn({ target, problem }, 'audit checkpoints: cannot deliver; the next checkpoint is tried at the next interval');
  };

  async function deliver(c: Checkpoint): Promise<void> {
    const line = `${JSON.stringify(c)}\n`;
    toSink?.(c);
    await Promise.all([
      ...settings.files.map((file) => appendFile(file, line).then(() => delivered(file), (e: NodeJS.ErrnoException) => failed(file, e.code ?? 'error'))),
      // Webhooks are named by their place in the config: the URL may hold a token.
      ...settings.webhooks.map((url, i) => {
        const target = `webhooks.${i}`;
        return fetchImpl(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: line, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) }).then(
          (r) => (r.ok ? delivered(target) : failed(target, `HTTP ${r.status}`)),
          (e: Error) => failed(target, e.name === 'TimeoutError' ? 'timeout' : 'connection failed'),
        );
      }),
    ]);
  }

  async function checkpoint(): Promise<void> {
    try {
      const head = await store.auditHead();
      // A store back from a failure counts as delivered again: left failing, it would have every
      // interval sign the unchanged head anew, and its recovery would never be logged.
      delivered('store');
      // An empty chain has nothing to anchor, and the sink has no event for such a checkpoint to follow.
      if (head.seq === 0) return;
      // An unchanged head is signed again only to reach a target that missed it.
      if (last && last.seq === head.seq && last.hash === head.hash && failing.size === 0) return;
      last = signCheckpoint(settings.key, settings.chain, head);
      await deliver(last);
    } catch (error) {
      if (!(error instanceof ChainRewritten)) return failed('store', errorSummary(error).message);
      // Nothing is signed from here on: a signature would vouch for a chain the store rewrote.
      if (!failing.has('chain')) logger.error({ problem: error.message }, 'audit checkpoints stopped: the store does not hold the audit events as this server appended them');
      failing.add('chain');
    }
  }

  // The next one is timed from the end of the last, so a slow target never piles checkpoints up;
  // all run one after another, so they are delivered in the order of the heads they sign.
  let stopped = false;
  let timer: NodeJS.Timeout;
  const next = () => {
    timer = setTimeout(() => {
      running = running.then(checkpoint).then(() => {
        if (!stopped) next();
      });
    }, settings.intervalMs);
    timer.unref();
  };
  next();

  return {
    now: () => (running = running.then(checkpoint)),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      last = undefined;
      await checkpoint();
    },
  };
}

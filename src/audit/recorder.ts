// The one way events reach the store: every string scrubbed of configured secret values first.
// An event the pipeline already scrubbed for the agent comes sealed (scrubAndSeal) and is not walked again.
// `onDurable` hears of every append once the store has made it durable (the live sink copies then,
// and the chain witness remembers the events as appended).
import type { Scrubber } from '../pipeline/scrub.ts';
import { scrubValue } from '../pipeline/scrub.ts';
import { retryWithin } from '../store/retry-window.ts';
import type { AppendOptions, Store } from '../store/store.ts';
import type { AuditEvent, AuditEventInput } from './events.ts';

export interface Recorder {
  (events: AuditEventInput[], options?: AppendOptions): Promise<AuditEvent[]>;
  /**
   * Records the events that end a call (its last event is the outcome). A store that fails for a
   * moment (a dropped link, a stall past its query deadline) is retried for up to `OUTCOME_RETRY_MS`,
   * each retry appending only if the outcome is not in the store yet, because a write that failed
   * on this side may still have committed on the other. Throws once the window has passed.
   */
  outcome(events: AuditEventInput[]): Promise<void>;
}

export const OUTCOME_RETRY_MS = 10_000;

export function createRecorder(store: Store, scrub: Scrubber, onDurable?: (events: AuditEvent[]) => void, retryMs = OUTCOME_RETRY_MS): Recorder {
  const append = async (events: AuditEventInput[], options?: AppendOptions): Promise<AuditEvent[]> => {
    const appended = await store.append(
      events.map((e) => scrubValue(e, scrub)),
      options,
    );
    onDurable?.(appended);
    return appended;
  };

  function outcome(events: AuditEventInput[]): Promise<void> {
    const last = events.at(-1);
    // An event without a call cannot be told apart from a copy of it, so it is never retried.
    return retryWithin(
      retryMs,
      async (retry) => void (await append(events, retry && last?.callId ? { unlessRecorded: { callId: last.callId, type: last.type } } : undefined)),
      () => !last?.callId,
    );
  }

  return Object.assign((events: AuditEventInput[], options?: AppendOptions) => append(events, options), { outcome });
}

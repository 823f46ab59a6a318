// The one way events reach the store: every string scrubbed of configured secret values first.
// An event the pipeline already scrubbed for the agent comes sealed (scrubAndSeal) and is not walked again.
// `onDurable` hears of every append once the store has made it durable (the live sink copies then).
import type { Scrubber } from '../pipeline/scrub.ts';
import { scrubValue } from '../pipeline/scrub.ts';
import type { Store } from '../store/store.ts';
import type { AuditEvent, AuditEventInput } from './events.ts';

export type Recorder = (events: AuditEventInput[]) => Promise<AuditEvent[]>;

export function createRecorder(store: Store, scrub: Scrubber, onDurable?: () => void): Recorder {
  return async (events) => {
    const appended = await store.append(events.map((e) => scrubValue(e, scrub)));
    onDurable?.();
    return appended;
  };
}

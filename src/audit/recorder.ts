// The one way events reach the store: every string scrubbed of configured secret values first.
import type { Scrubber } from '../pipeline/scrub.ts';
import { scrubValue } from '../pipeline/scrub.ts';
import type { Store } from '../store/store.ts';
import type { AuditEvent, AuditEventInput } from './events.ts';

export type Recorder = (events: AuditEventInput[]) => Promise<AuditEvent[]>;

export function createRecorder(store: Store, scrub: Scrubber): Recorder {
  return (events) => store.append(events.map((e) => scrubValue(e, scrub)));
}

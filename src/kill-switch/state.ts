// Each replica's view of the kill switch: the suspended principals and ended sessions, read from
// the store at start, re-read every poll interval and at once on a store notice (PostgreSQL) or a
// change made here, so the call path checks two in-memory maps and never queries the store.
// Calls in flight are tracked, and a call whose principal is suspended or whose session is ended
// is aborted with a KillSwitchStop as the reason: the packs' cancellation path stops the backend
// (PostgreSQL: cancel and close, rolling back; SSH: stop the command and close the channel;
// Kubernetes: abort the request) and the pipeline records the stop.
//
// Fail closed: a replica that cannot read the state does not guess it. The first read must succeed
// or the server does not start; after that the last state read stays in force, and once no read
// has succeeded for `maxStaleMs` every new call is refused (kill_switch_unavailable) until one does,
// since a suspension made elsewhere in the meantime could not be honoured.
import type { Logger } from 'pino';
import { errorSummary } from '../pipeline/errors.ts';
import type { Refusal } from '../pipeline/refusal.ts';
import type { Store } from '../store/store.ts';
import type { Revocation } from './model.ts';

export interface KillSwitchSettings {
  pollMs: number;
  maxStaleMs: number;
}

/** The reason a call's signal is aborted with when the kill switch stops it. */
export class KillSwitchStop extends Error {
  override readonly name = 'KillSwitchStop';
  constructor(
    readonly refusal: Refusal,
    readonly revocation: Revocation,
  ) {
    super(refusal.message);
  }
}

export interface KillSwitch {
  /** Why a new call of this principal in this session must not run, or undefined. */
  refusal(principal: string, session: string): Refusal | undefined;
  /** Tracks a call in flight: its signal aborts (with a KillSwitchStop) if the kill switch stops it. */
  track(principal: string, session: string): { signal: AbortSignal; done(): void };
  /** Re-reads the store; resolves once the state read includes every change made before the call. */
  refresh(): Promise<void>;
  close(): void;
}

interface Tracked {
  principal: string;
  session: string;
  controller: AbortController;
}

/**
 * `store` is the sealed store (store/sealed-revocations.ts): what it lists is in force, a revocation
 * row deleted outside gatehouse included, and tampering is reported there.
 */
export async function startKillSwitch(store: Store, settings: KillSwitchSettings, logger: Logger, now: () => number = Date.now): Promise<KillSwitch> {
  let principals = new Map<string, Revocation>();
  let sessions = new Map<string, Revocation>();
  let lastRead = 0;
  let failing = false;
  const inFlight = new Set<Tracked>();

  const stopOf = (r: Revocation): KillSwitchStop => new KillSwitchStop(r.kind === 'principal' ? suspended(r.id) : ended(r.id), r);

  function apply(list: readonly Revocation[]): void {
    principals = new Map(list.filter((r) => r.kind === 'principal').map((r) => [r.id, r]));
    sessions = new Map(list.filter((r) => r.kind === 'session').map((r) => [r.id, r]));
    lastRead = now();
    for (const call of inFlight) {
      const revocation = principals.get(call.principal) ?? sessions.get(call.session);
      if (revocation && !call.controller.signal.aborted) call.controller.abort(stopOf(revocation));
    }
  }

  async function read(): Promise<void> {
    try {
      apply(await store.listRevocations());
      if (failing) logger.info('kill switch state readable again');
      failing = false;
    } catch (error) {
      if (!failing) logger.error({ err: errorSummary(error) }, 'kill switch state could not be read; the last state read stays in force');
      failing = true;
    }
  }

  // Reads are serialized, so a state read earlier never replaces one read later.
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  function refresh(): Promise<void> {
    if (!running) {
      running = read().finally(() => (running = undefined));
      return running;
    }
    queued ??= running.then(() => {
      queued = undefined;
      return refresh();
    });
    return queued;
  }

  apply(await store.listRevocations());
  const poll = setInterval(() => void refresh(), settings.pollMs);
  poll.unref();
  const unwatch = store.watchRevocations?.(() => void refresh());

  return {
    refusal(principal, session) {
      if (now() - lastRead > settings.maxStaleMs) {
        return { code: 'kill_switch_unavailable', message: 'gatehouse cannot read which principals are suspended right now, so no call runs until it can; retry shortly' };
      }
      if (principals.has(principal)) return suspended(principal);
      if (sessions.has(session)) return ended(session);
      return undefined;
    },
    track(principal, session) {
      const call: Tracked = { principal, session, controller: new AbortController() };
      inFlight.add(call);
      return { signal: call.controller.signal, done: () => void inFlight.delete(call) };
    },
    refresh,
    close() {
      clearInterval(poll);
      unwatch?.();
    },
  };
}

// Who acted and why stays in the audit log: the agent learns only that it was stopped.
function suspended(principal: string): Refusal {
  return { code: 'principal_suspended', message: `principal ${principal} is suspended by an operator; its calls are refused until it is resumed` };
}

function ended(session: string): Refusal {
  return { code: 'session_ended', message: `session ${session} was ended by an operator; calls in it were stopped, and the next call starts a new session` };
}

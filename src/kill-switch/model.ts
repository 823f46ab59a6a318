// The kill switch's state as the store keeps it: suspended principals (until resumed) and ended
// sessions (for good). Every replica reads it from the shared store and honours it.

export interface Revocation {
  kind: 'principal' | 'session';
  /** The principal id, or the session id the audit log, replay and `gatehouse sessions` show. */
  id: string;
  /** Who suspended or ended it. */
  by: string;
  reason: string;
  at: string;
  /** The seal the store keeps with the row (see store/sealed-revocations.ts); absent once opened. */
  seal?: string;
}

/** Ids are matched exactly as recorded; this only bounds their size. */
export const MAX_REVOCATION_ID = 1000;
export const MAX_REVOCATION_REASON = 2000;

/** The session principal suspensions and resumptions are recorded in: they belong to no agent session. */
export const KILL_SWITCH_SESSION = 'kill-switch';

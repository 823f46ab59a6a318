// 2025-protocol clients over HTTP are served statelessly: `initialize` is one request and every call
// another, so a call's server never saw the client info. This book remembers what each principal's
// initialize said, by the User-Agent it came with, so that principal's later calls from the same
// User-Agent are named after it. Keyed by principal first: one principal's initialize never names
// another's calls. Per replica and in memory: a call on a replica that did not see the initialize
// falls back to the User-Agent hint. Names are checked where they are read (caller-meta.ts).
import type { Implementation } from '@modelcontextprotocol/server';

/** Principals × User-Agents remembered; the oldest is forgotten first. */
const MAX_ENTRIES = 1000;

export interface LegacyClientBook {
  remember(principalId: string, userAgent: string | undefined, info: Implementation | undefined): void;
  recall(principalId: string, userAgent: string | undefined): Implementation | undefined;
}

export function createLegacyClientBook(max = MAX_ENTRIES): LegacyClientBook {
  const book = new Map<string, Implementation>();
  const key = (principalId: string, userAgent: string | undefined) => JSON.stringify([principalId, userAgent ?? '']);
  return {
    remember(principalId, userAgent, info) {
      if (!info) return;
      const k = key(principalId, userAgent);
      book.delete(k);
      book.set(k, { name: info.name, version: info.version });
      if (book.size > max) book.delete(book.keys().next().value as string);
    },
    recall: (principalId, userAgent) => book.get(key(principalId, userAgent)),
  };
}

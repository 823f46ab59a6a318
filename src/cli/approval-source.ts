// Where `gatehouse approvals` reads and decides: the server's people API, as the person signed in
// (--server); or a store read directly (--store, or the local config's store), which never decides.
import type { DecideResult } from '../approval/service.ts';
import type { DecisionInput } from '../approval/decide.ts';
import type { ApprovalRequest, Grant } from '../approval/model.ts';
import type { Store } from '../store/store.ts';
import { UsageError } from './args.ts';
import { ApiError, type ServerClient } from './remote/server-client.ts';

export interface ApprovalSource {
  list(all: boolean): Promise<ApprovalRequest[]>;
  get(id: string): Promise<ApprovalRequest | undefined>;
  decide(id: string, input: DecisionInput): Promise<DecideResult>;
  close(): Promise<void>;
}

export function serverApprovals(client: ServerClient): ApprovalSource {
  const path = (id: string) => `/approvals/${encodeURIComponent(id)}`;
  return {
    list: async (all) => (await client.get<{ approvals: ApprovalRequest[] }>(`/approvals${all ? '?all=true' : ''}`)).approvals,
    async get(id) {
      try {
        return (await client.get<{ approval: ApprovalRequest }>(path(id))).approval;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'not_found') return undefined;
        throw error;
      }
    },
    async decide(id, input) {
      try {
        const { decision, ...body } = input;
        const { approval, grant } = await client.post<{ approval: ApprovalRequest; grant?: Grant }>(`${path(id)}/${decision}`, body);
        return { ok: true, approval, ...(grant ? { grant } : {}) };
      } catch (error) {
        if (error instanceof ApiError) return { ok: false, code: error.code, message: error.message };
        throw error;
      }
    },
    close: async () => undefined,
  };
}

/** A store opened only to read: deciding there is refused (approvals.ts refuses it before opening). */
export function storeApprovals(store: Store): ApprovalSource {
  return {
    list: (all) => store.listApprovals(all ? {} : { states: ['pending'] }),
    get: (id) => store.getApproval(id),
    decide: () => Promise.reject(new UsageError('a store read directly never decides')),
    close: () => store.close(),
  };
}

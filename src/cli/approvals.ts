// gatehouse approvals list | show ID | approve ID [--reason TEXT] [--grant MINUTES] | deny ID --reason TEXT
// Acts as identity.cli from the config, on the same store the server uses; a waiting call notices
// the decision at once through a PostgreSQL store's notification, else within its poll interval.
import { packs } from '../../tools/index.ts';
import { createApprovals } from '../approval/service.ts';
import type { ApprovalRequest } from '../approval/model.ts';
import { createRecorder } from '../audit/recorder.ts';
import { createScrubber } from '../pipeline/scrub.ts';
import { openStore } from '../store/open.ts';
import { configPath, loadOrExit, UsageError } from './args.ts';

export interface ApprovalsOptions {
  config?: string;
  reason?: string;
  grant?: string;
  all?: boolean;
  json?: boolean;
}

export async function approvalsCommand(action: string | undefined, id: string | undefined, options: ApprovalsOptions): Promise<void> {
  const config = loadOrExit(configPath(options.config), packs);
  const store = await openStore(config);
  const a = config.parsed.approvals;
  const approvals = createApprovals(store, createRecorder(store, createScrubber(config.secretValues)), { waitMs: 0, ttlMs: a.ttl, defaultApprovers: a.defaultApprovers, pollMs: a.pollInterval });
  const cli = config.parsed.identity.cli;
  const me = cli ? { id: cli.id, name: cli.name ?? cli.id, groups: cli.groups, kind: cli.kind } : undefined;
  try {
    switch (action) {
      case 'list': {
        const rows = await store.listApprovals(options.all ? {} : { states: ['pending'] });
        if (options.json) return void console.log(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return void console.log(options.all ? 'no approval requests' : 'no pending approval requests');
        for (const r of rows) console.log(`${r.id}  ${r.state.padEnd(8)}  ${r.requester.principal.id.padEnd(12)}  ${r.tool} ${r.target}  ${r.summary.slice(0, 80)}`);
        return;
      }
      case 'show': {
        const r = await store.getApproval(need(id));
        if (!r) throw new UsageError(`no approval request ${id}`);
        return void console.log(options.json ? JSON.stringify(r, null, 2) : describe(r));
      }
      case 'approve':
      case 'deny': {
        if (!me) throw new UsageError('set identity.cli in the config: the principal this command decides as');
        const grantMinutes = options.grant ? Number(options.grant) : undefined;
        if (grantMinutes !== undefined && !(Number.isInteger(grantMinutes) && grantMinutes > 0 && grantMinutes <= 1440)) throw new UsageError('--grant takes whole minutes from 1 to 1440');
        const result = await approvals.decide(need(id), me, { decision: action, reason: options.reason ?? '', ...(grantMinutes ? { grantMinutes } : {}) });
        if (!result.ok) {
          console.error(`gatehouse: ${result.code}: ${result.message}`);
          process.exitCode = 1;
          return;
        }
        console.log(`${result.approval.id}: ${result.approval.state}${grantMinutes && result.approval.state === 'approved' ? ` (grant for ${grantMinutes} min on the same shape)` : ''}`);
        return;
      }
      default:
        throw new UsageError('approvals takes list | show ID | approve ID | deny ID --reason TEXT');
    }
  } finally {
    await store.close();
  }
}

function need(id: string | undefined): string {
  if (!id) throw new UsageError('an approval id is required');
  return id;
}

function describe(r: ApprovalRequest): string {
  return [
    `id:         ${r.id}`,
    `state:      ${r.state}`,
    `requester:  ${r.requester.principal.id} (${r.requester.principal.groups.join(', ') || 'no groups'}) via ${r.requester.client}`,
    `call:       ${r.tool} on ${r.target}`,
    `arguments:  ${JSON.stringify(r.args)}`,
    `rules:      ${r.rules.map((x) => `${x.id} (${x.effect})`).join(', ')}`,
    `reason:     ${r.reason}`,
    `approvers:  ${r.approverGroups.join(', ') || '(default approvers)'}; ${r.requiredApprovals} needed`,
    `created:    ${r.createdAt}; expires ${r.expiresAt}`,
    ...r.decisions.map((d) => `decision:   ${d.decision} by ${d.by} at ${d.at}: ${d.reason}`),
  ].join('\n');
}

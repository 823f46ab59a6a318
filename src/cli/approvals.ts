// gatehouse approvals list | show ID | approve ID [--reason TEXT] [--grant MINUTES [--widen-files]] | deny ID --reason TEXT
// Deciding goes only through a running server, as the person signed in (--server, $GATEHOUSE_SERVER
// or the client config): the server records who decided, so a quorum counts people and nobody
// outside the server writes the store. Listing and reading may also read a store directly (--store,
// or the store the local config names). A waiting call notices a decision at once through a
// PostgreSQL store's notification, else within its poll interval.
// Every value a request holds is printed through a TerminalText (render/terminal.ts): agent text
// cannot move the cursor, rewrite a line or hide a statement, and hidden characters are flagged; the
// text output is wrapped at the terminal's width (render/screen.ts), so no row starts with agent text.
import { factSentences } from '../approval/fact-sentences.ts';
import { grantOutcome, grantScope, wideningScope } from '../approval/grant-scope.ts';
import type { ApprovalRequest } from '../approval/model.ts';
import { fitToScreen } from '../render/screen.ts';
import { TerminalText, terminalJson } from '../render/terminal.ts';
import { onlyThroughServer, openConfiguredStore, UsageError } from './args.ts';
import { describeImpact } from '../approval/impact.ts';
import { sampleLines } from './impact-sample.ts';
import { serverApprovals, storeApprovals, type ApprovalSource } from './approval-source.ts';
import { remoteTarget, type RemoteOptions } from './remote/client-config.ts';
import { connectServer } from './remote/server-client.ts';

/** The summary and arguments are code: look-alike punctuation and spaces are escaped in them too. */
const CODE = { code: true };

export interface ApprovalsOptions extends RemoteOptions {
  config?: string;
  store?: string;
  reason?: string;
  grant?: string;
  /** The grant also covers other files in the call's file operands (shell calls). */
  'widen-files'?: boolean;
  all?: boolean;
  json?: boolean;
}

export async function approvalsCommand(action: string | undefined, id: string | undefined, options: ApprovalsOptions): Promise<void> {
  const deciding = action === 'approve' || action === 'deny';
  const grantMinutes = options.grant ? Number(options.grant) : undefined;
  if (grantMinutes !== undefined && !(Number.isInteger(grantMinutes) && grantMinutes > 0 && grantMinutes <= 1440)) throw new UsageError('--grant takes whole minutes from 1 to 1440');
  const source = await openApprovals(options, deciding);
  try {
    switch (action) {
      case 'list': {
        const rows = await source.list(options.all ?? false);
        if (options.json) return void console.log(terminalJson(rows, 2));
        if (rows.length === 0) return void console.log(options.all ? 'no approval requests' : 'no pending approval requests');
        for (const r of rows) console.log(fitToScreen(listLine(r)));
        return;
      }
      case 'show': {
        const r = await source.get(need(id));
        if (!r) throw new UsageError(`no approval request ${id}`);
        return void console.log(options.json ? terminalJson(r, 2) : fitToScreen(describe(r)));
      }
      case 'approve':
      case 'deny': {
        const result = await source.decide(need(id), { decision: action, reason: options.reason ?? '', ...(grantMinutes ? { grantMinutes } : {}), ...(options['widen-files'] ? { widenFiles: true } : {}) });
        if (!result.ok) {
          const t = new TerminalText();
          console.error(`gatehouse: ${t.line(result.code)}: ${t.line(result.message)}`);
          process.exitCode = 1;
          return;
        }
        const grant = grantOutcome(result.approval, grantMinutes !== undefined, result.grant);
        console.log(`${result.approval.id}: ${result.approval.state}${grant ? `; ${new TerminalText().line(grant)}` : ''}`);
        return;
      }
      default:
        throw new UsageError('approvals takes list | show ID | approve ID | deny ID --reason TEXT');
    }
  } finally {
    await source.close();
  }
}

/** Deciding needs a server: it is refused before any store is opened or any credential read. */
async function openApprovals(options: ApprovalsOptions, deciding: boolean): Promise<ApprovalSource> {
  const remote = options.store ? undefined : remoteTarget(options);
  if (remote) return serverApprovals(await connectServer(remote));
  if (deciding) throw onlyThroughServer('approve and deny');
  return storeApprovals(await openConfiguredStore(options));
}

function need(id: string | undefined): string {
  if (!id) throw new UsageError('an approval id is required');
  return id;
}

function listLine(r: ApprovalRequest): string {
  const t = new TerminalText();
  const line = `${t.line(r.id)}  ${t.line(r.state).padEnd(8)}  ${t.line(r.requester.principal.id).padEnd(12)}  ${t.line(r.tool)} ${t.line(r.target)}  ${t.line(r.summary, 80, CODE)}`;
  return t.found.size > 0 ? `${line}  [hidden characters shown escaped]` : line;
}

/** The request for an approver: the parser's view first (its summary and facts in sentences), then every argument whole, one per block. */
function describe(r: ApprovalRequest): string {
  const t = new TerminalText();
  const who = r.requester.principal;
  const lines = [
    `id:         ${t.line(r.id)}`,
    `state:      ${t.line(r.state)}`,
    `requester:  ${t.line(who.id)} (${t.line(who.groups.join(', ') || 'no groups')}) via ${t.line(r.requester.client)}`,
    `call:       ${t.line(r.tool)} on ${t.line(r.target)}`,
    `summary:    ${t.line(r.summary, undefined, CODE)}`,
    ...factSentences(r.facts).map((sentence, i) => `${i === 0 ? 'facts:' : ''}`.padEnd(12) + t.line(sentence)),
    ...(r.impact ? [`impact:     ${t.line(describeImpact(r.impact))}`, ...sampleLines(r.impact, t)] : []),
    'arguments:',
    ...Object.entries(r.args).flatMap(([key, value]) => (typeof value === 'string' ? [`  ${t.line(key)}:`, ...t.block(value, CODE).map((l) => `    ${l}`)] : [`  ${t.line(key)}: ${t.json(value, CODE)}`])),
    `rules:      ${t.line(r.rules.map((x) => `${x.id} (${x.effect})`).join(', '))}`,
    `reason:     ${t.line(r.reason)}`,
    `approvers:  ${t.line(r.approverGroups.join(', ') || '(default approvers)')}; ${r.requiredApprovals} needed`,
    `created:    ${t.line(r.createdAt)}; expires ${t.line(r.expiresAt)}`,
    `if granted: ${t.line(grantScope(r))}${r.requiredApprovals > 1 ? ` (only if all ${r.requiredApprovals} approvers ask for a grant; the shortest window applies)` : ''}`,
    ...(r.widenedShape ? [`if widened: ${t.line(wideningScope(r, r.requiredApprovals))} (approve with --grant MINUTES --widen-files)`] : []),
    ...r.decisions.map((d) => `decision:   ${t.line(d.decision)} by ${t.line(d.by)} at ${t.line(d.at)}: ${t.line(d.reason)}`),
  ];
  const warning = t.warning();
  return (warning ? [`WARNING:    ${warning}`, ...lines] : lines).join('\n');
}

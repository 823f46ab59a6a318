// One tool call, start to end. The order is the design:
//   identify -> no secret in the arguments -> evaluate (validate, classify, decide) -> audit (write-ahead)
//   -> confirm or review -> execute -> mask -> render -> scrub -> audit (result) -> agent
// Write-ahead sits before review and execution so a crash mid-call leaves a record that it started;
// masking sits before rendering so nothing raw is ever serialized; every refusal is audited. Built-in
// tools (approval_status) leave the path after the door and are recorded with their answer.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Approvals } from '../approval/service.ts';
import type { SecretAlert } from '../approval/secret-alert.ts';
import type { AuditEventInput } from '../audit/events.ts';
import type { Principal } from '../identity/principal.ts';
import { KillSwitchStop } from '../kill-switch/state.ts';
import { unionProtection, type Masker } from '../masking/index.ts';
import type { Policy } from '../policy/compile.ts';
import type { Recorder } from '../audit/recorder.ts';
import { boundArgumentDepth, MAX_ARGUMENT_DEPTH } from './argument-depth.ts';
import { errorSummary } from './errors.ts';
import { evaluateCallOffThread, type EvaluatedCall } from './evaluate.ts';
import { createEvaluationBudget, type EvaluationBudget } from './evaluation-budget.ts';
import { executeCall, SECRET_IN_RESULT } from './execute.ts';
import { confirmGate, type Asking } from './confirm.ts';
import { reviewGate } from './review.ts';
import { refuse, type Refusal, type StageResult } from './refusal.ts';
import type { Registry } from './registry.ts';
import type { ToolResult } from './result.ts';
import { renderRefusal, renderResult, type AgentResult } from './render.ts';
import { scrubAndSeal, scrubValue, type Scrubber } from './scrub.ts';
import type { SecretFinder } from './secret-arguments.ts';
import type { Session } from './session.ts';
import type { Limits } from './toolpack.ts';

export interface PipelineDeps {
  registry: Registry;
  approvals: Approvals;
  policy: Policy;
  maskers: ReadonlyMap<string, Masker>;
  record: Recorder;
  scrub: Scrubber;
  limits: Limits;
  logger: Logger;
  /** Each principal's share of evaluation time (default: createEvaluationBudget()). */
  budget?: EvaluationBudget;
  /** Tools gatehouse answers itself (approval_status), by name. */
  builtins?: ReadonlyMap<string, BuiltinTool>;
  /** Finds configured secrets in a call's arguments; such a call is refused and `alertSecret` told. */
  findSecrets?: SecretFinder;
  alertSecret?: (alert: SecretAlert) => void;
}

/** A tool with no backend and no policy: recorded like every other call, request and outcome. */
export type BuiltinTool = (args: unknown, principal: Principal) => Promise<StageResult<AgentResult>>;

export interface CallContext {
  principal: Principal | undefined;
  session: Session;
  /** True on the first call of a new session: the session start is recorded with it. */
  sessionOpened: boolean;
  signal: AbortSignal;
  /** Sends a progress notification to the client while the call waits, when the client asked for them. */
  progress?: (message: string) => void;
  /** How the person at the client is asked to confirm a `confirm` call; absent when the client cannot be asked. */
  confirm?: Asking;
  /**
   * The approval a task's call runs under (tasks/get after the approval): the call passes the review
   * gate bound to that request whatever the policy now says short of deny, so it runs only by
   * claiming it, once.
   */
  approvalId?: string;
  /** The client takes a task for a held call: the review gate hands back the request at once instead of waiting. */
  task?: boolean;
  /** The call's id when the caller chose it (a fresh UUID): a call answered as a task is found by it. */
  callId?: string;
  /** The caller's protocol revision and trace context, validated by the transport; recorded with the request. */
  caller?: CallerRecord;
  /** Set when the server turned the call away before the pipeline (too many calls in flight): it is recorded and refused. */
  turnedAway?: Refusal;
}

export interface CallerRecord {
  protocolVersion?: string;
  /** W3C trace id: links this call to the agent's own trace. */
  traceId?: string;
  traceparent?: string | undefined;
  /** The client's name held hidden characters: the session's client is recorded with them escaped. */
  clientEscaped?: true;
  /** What the transport dropped or escaped from the caller's `_meta`. */
  problems?: string[];
}

/** The policy and masking profiles a call runs under: replaced as a whole by a reload. */
export interface Rules {
  policy: Policy;
  maskers: ReadonlyMap<string, Masker>;
}

export interface Pipeline {
  (tool: string, args: unknown, ctx: CallContext): Promise<AgentResult>;
  /** Calls that start from now on run under `rules`; a call already started (one waiting for approval too) keeps its own. */
  useRules(rules: Rules): void;
}

const INTERNAL_MESSAGE = 'the call failed inside gatehouse; the error was logged for the operator';

export function createPipeline(deps: PipelineDeps): Pipeline {
  const { registry, record, scrub, limits, logger } = deps;
  const budget = deps.budget ?? createEvaluationBudget();
  // Facts name the columns any profile protects: the profile is chosen by the decision they feed.
  const compile = (rules: Rules) => ({ ...rules, protection: unionProtection([...rules.maskers.values()].map((m) => m.protection)) });
  let current = compile({ policy: deps.policy, maskers: deps.maskers });

  // The catch-all: an unexpected failure anywhere below refuses the call with a generic message,
  // so no raw exception text (which may quote data) reaches the agent.
  const handleCall = async (tool: string, rawArgs: unknown, ctx: CallContext): Promise<AgentResult> => {
    try {
      return await runCall(tool, rawArgs, ctx);
    } catch (error) {
      logger.error({ err: errorSummary(error), tool }, 'call failed unexpectedly; refused');
      return scrubValue(renderRefusal(refuse('internal', INTERNAL_MESSAGE).refusal), scrub);
    }
  };
  return Object.assign(handleCall, { useRules: (rules: Rules) => void (current = compile(rules)) });

  async function runCall(tool: string, rawArgs: unknown, ctx: CallContext): Promise<AgentResult> {
    const { policy, maskers, protection } = current;
    const started = performance.now();
    const callId = ctx.callId ?? randomUUID();
    const base = { session: ctx.session.id, callId, tool, principal: ctx.principal?.id ?? 'anonymous' };

    const prelude: AuditEventInput[] = [];
    if (ctx.sessionOpened) {
      prelude.push({ type: 'session.started', session: ctx.session.id, principal: base.principal, data: { transport: ctx.session.transport, client: ctx.session.client, ...(ctx.caller?.clientEscaped ? { clientEscaped: true } : {}), principal: ctx.principal ?? null } });
    }
    const bounded = boundArgumentDepth(rawArgs ?? {});
    prelude.push({ ...base, type: 'call.requested', data: { args: bounded.args, principal: ctx.principal ?? null, ...(ctx.caller ? { caller: ctx.caller } : {}) } });

    const fail = async (failure: Refusal, target?: string, security?: Record<string, unknown>): Promise<AgentResult> => {
      // A call the kill switch stopped ends with the stop's code; how the stage that was running
      // ended (the backend's cancellation, the approval wait) is kept in the record.
      const stop = ctx.signal.reason instanceof KillSwitchStop && failure.code !== ctx.signal.reason.refusal.code ? ctx.signal.reason : undefined;
      const refusal = stop ? stop.refusal : failure;
      const stopped = stop ? { stopped: { ...stop.revocation, outcome: { code: failure.code, message: failure.message } } } : {};
      try {
        const event = security ?? refusal.security;
        const data = { code: refusal.code, message: refusal.message, rules: refusal.rules ?? [], durationMs: elapsed(started), ...(event ? { security: event } : {}), ...stopped };
        await record.outcome([...prelude.splice(0), { ...base, ...(target ? { target } : {}), type: 'call.error', data }]);
      } catch (error) {
        logger.error({ err: errorSummary(error), callId }, 'audit write failed while refusing a call');
        // The agent learns the record is missing, as for every other call the store could not take.
        return scrubValue(renderRefusal(refuse('audit_failed', `the call was refused (${refusal.code}) and its audit record could not be written`).refusal), scrub);
      }
      return scrubValue(renderRefusal(refusal), scrub);
    };
    // The last record of a call that ran; whatever of the prelude is still unwritten goes with it.
    const deliver = async (resultEvent: Readonly<AuditEventInput & { data: { result: AgentResult } }>): Promise<AgentResult> => {
      try {
        await record.outcome([...prelude.splice(0), resultEvent]);
      } catch (error) {
        logger.error({ err: errorSummary(error), callId }, 'audit write of the result failed; result withheld');
        return scrubValue(renderRefusal(refuse('audit_failed', 'the result could not be recorded, so it was withheld').refusal), scrub);
      }
      return resultEvent.data.result;
    };

    // identify
    if (!ctx.principal) return fail(refuse('unauthenticated', 'no identity: this call has no principal').refusal);
    // A secret in the arguments goes no further: answering would confirm an agent's guess.
    const secrets = deps.findSecrets?.(bounded.args) ?? [];
    if (secrets.length > 0) {
      deps.alertSecret?.({ event: 'secret_in_arguments', principal: base.principal, session: base.session, callId, tool, secrets, at: new Date().toISOString() });
      const message = 'the arguments contain a credential gatehouse holds for a backend; the call was not run, and the operator was alerted to rotate it';
      return fail(refuse('secret_in_arguments', message).refusal, undefined, { event: 'secret_in_arguments', secrets });
    }
    if (ctx.turnedAway) return fail(ctx.turnedAway);

    // evaluate: validate, locate the target, classify, decide
    if (bounded.cut) return fail(refuse('invalid_arguments', `the arguments nest deeper than ${MAX_ARGUMENT_DEPTH} levels`).refusal);
    const builtin = deps.builtins?.get(tool);
    if (builtin) {
      const answered = await builtin(rawArgs, ctx.principal).catch((error: unknown) => {
        logger.error({ err: errorSummary(error), callId }, 'built-in tool failed; refused');
        return refuse('internal', INTERNAL_MESSAGE);
      });
      if (!answered.ok) return fail(answered.refusal);
      return deliver(scrubAndSeal({ ...base, type: 'call.result' as const, data: { result: answered.value, durationMs: elapsed(started) } }, scrub));
    }
    const wait = budget.waitFor(ctx.principal.id);
    if (wait > 0) {
      const share = `${budget.budgetMs} ms of every ${budget.windowMs / 1000} s`;
      return fail(refuse('too_many_calls', `${ctx.principal.id} has used its share of the server's time for checking calls (${share}); retry in ${Math.ceil(wait / 1000)} s`).refusal);
    }
    const evaluated = await evaluateCallOffThread(budget, registry, policy, limits, tool, rawArgs, ctx.principal, protection);
    if (!evaluated.ok) return fail(evaluated.refusal);
    const call = evaluated.value;
    // A reload that replaces this target's handle leaves it open until this call lets go.
    const release = call.open ? registry.hold(call.open) : undefined;
    try {
      const target = call.target.name || undefined;
      const decided: AuditEventInput = { ...base, ...(target ? { target } : {}), type: 'call.decided', data: decisionRecord(call) };

      // write-ahead: request and decision are durable before the backend sees anything
      try {
        await record([...prelude.splice(0), decided]);
      } catch (error) {
        logger.error({ err: errorSummary(error), callId }, 'audit write-ahead failed; call refused');
        return scrubValue(renderRefusal(refuse('audit_failed', 'the audit record could not be written, so the call was not executed').refusal), scrub);
      }

      // From here on the call is on record as requested: an unexpected failure must record its end too,
      // or replay would show it as still running.
      try {
        const { decision } = call;
        if (decision.effect === 'deny') return fail(refuse('denied', decision.reason, { rules: decision.rules }).refusal, target);
        let rowCeiling: number | undefined;
        if (decision.effect === 'confirm' && !ctx.approvalId) {
          const confirmed = await confirmGate(record, call, ctx, callId);
          if (!confirmed.ok) return fail(confirmed.refusal, target);
        }
        if (decision.effect === 'review' || ctx.approvalId) {
          const gated = await reviewGate(deps.approvals, call, ctx, callId, maskers.get(decision.mask), logger);
          if (!gated.ok) return fail(gated.refusal, target);
          rowCeiling = gated.value.rowCeiling;
        }

        // execute -> mask -> render -> scrub
        const executed = await executeCall(call, maskers, ctx.signal, logger, rowCeiling);
        // A secret the agent read or built came back redacted: the redaction itself tells an agent
        // its guess was right, so the operator hears of it as of a secret in the arguments.
        const heldSecret = executed.ok ? executed.value.heldSecret : executed.refusal.security === SECRET_IN_RESULT;
        if (heldSecret) deps.alertSecret?.({ event: 'secret_in_result', principal: base.principal, session: base.session, callId, tool, secrets: [], ...(target ? { target } : {}), at: new Date().toISOString() });
        if (!executed.ok) return fail(executed.refusal, target);
        // One scrub for both: the agent gets the very object the audit log records, and the recorder
        // does not walk the sealed event again.
        const resultEvent = scrubAndSeal(
          { ...base, ...(target ? { target } : {}), type: 'call.result' as const, data: { result: renderResult(executed.value.result, executed.value.notes), masked: executed.value.masked, durationMs: elapsed(started), executeMs: executed.value.executeMs, ...recordingOf(executed.value.result), ...(heldSecret ? { security: SECRET_IN_RESULT } : {}) } },
          scrub,
        );
        return await deliver(resultEvent);
      } catch (error) {
        logger.error({ err: errorSummary(error), callId }, 'call failed unexpectedly after its write-ahead record; refused');
        return fail(refuse('internal', INTERNAL_MESSAGE).refusal, target);
      }
    } finally {
      release?.();
    }
  }
}

function decisionRecord(call: EvaluatedCall): Record<string, unknown> {
  const { decision, classification } = call;
  return {
    effect: decision.effect,
    default: decision.default,
    rules: decision.rules,
    reason: decision.reason,
    approvers: decision.approvers,
    limits: decision.limits,
    mask: decision.mask,
    errors: decision.errors,
    facts: classification.facts,
    readOnly: classification.readOnly,
    shape: classification.shape,
    summary: classification.summary,
  };
}

/** Command output with its timing (already masked), kept for replay at speed. */
function recordingOf(result: ToolResult): { recording?: unknown } {
  return result.kind === 'process' && result.events?.length ? { recording: result.events } : {};
}

function elapsed(start: number): number {
  return Math.round((performance.now() - start) * 1000) / 1000;
}

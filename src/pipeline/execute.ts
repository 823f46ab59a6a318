// Execute and mask: the pack runs the call inside the decision's limits, then the decision's masking
// profile rewrites the result in place. A masking failure withholds the whole result.
import type { Logger } from 'pino';
import { describeCounts, GATEHOUSE_SECRET, type MaskCounts, type MaskSummary, type Masker } from '../masking/index.ts';
import type { EvaluatedCall } from './evaluate.ts';
import { errorSummary } from './errors.ts';
import { pass, refuse, type StageResult } from './refusal.ts';
import type { RenderNotes } from './render.ts';
import type { ToolResult } from './result.ts';
import { ToolError, type ColumnProtection, type ExecuteContext, type Invocation } from './toolpack.ts';

export interface Executed {
  result: ToolResult;
  masked: MaskSummary;
  /** The result held a secret gatehouse holds (redacted by the masker): a security event. */
  heldSecret: boolean;
  notes: RenderNotes;
  executeMs: number;
}

export function invocationOf(call: EvaluatedCall): Invocation {
  return { tool: call.tool.spec.name, args: call.args, ...(call.open ? { target: call.open.target, connection: call.open.handle } : {}), targets: call.targets };
}

export function executeContextOf(call: EvaluatedCall, signal: AbortSignal, protection?: ColumnProtection, rowCeiling?: number): ExecuteContext {
  return { limits: call.decision.limits, readOnly: call.classification.readOnly, signal, classification: call.classification, ...(protection ? { protection } : {}), ...(rowCeiling !== undefined ? { rowCeiling } : {}) };
}

export async function executeCall(call: EvaluatedCall, maskers: ReadonlyMap<string, Masker>, signal: AbortSignal, logger: Logger, rowCeiling?: number): Promise<StageResult<Executed>> {
  const masker = maskers.get(call.decision.mask);
  if (!masker) return refuse('masking_failed', `masking profile "${call.decision.mask}" is not configured, so the call was not executed`);

  const start = performance.now();
  let result: ToolResult;
  try {
    result = await call.tool.pack.execute(invocationOf(call), executeContextOf(call, signal, masker.protection, rowCeiling));
  } catch (error) {
    if (error instanceof ToolError) {
      const counts: MaskCounts = {};
      const message = masker.maskText(error.message, counts);
      return refuse(error.code, message, heldSecret(counts) ? { security: SECRET_IN_RESULT } : {});
    }
    logger.error({ err: errorSummary(error), tool: call.tool.spec.name }, 'tool execution failed');
    return refuse('internal', 'the tool failed unexpectedly; the error was logged for the operator');
  }
  const executeMs = performance.now() - start;

  let masked: MaskSummary;
  try {
    masked = masker.maskResult(result);
  } catch (error) {
    logger.error({ err: errorSummary(error), tool: call.tool.spec.name }, 'masking failed; result withheld');
    return refuse('masking_failed', 'the result could not be masked, so it was withheld');
  }
  const notes: RenderNotes = masked.total > 0 ? { masked: describeCounts(masked), maskedCount: masked.total } : {};
  return pass({ result, masked, heldSecret: heldSecret(masked.counts), notes, executeMs });
}

export const SECRET_IN_RESULT = { event: 'secret_in_result' } as const;
const SECRET_COUNT = `detector:${GATEHOUSE_SECRET}`;

function heldSecret(counts: MaskCounts): boolean {
  return (counts[SECRET_COUNT] ?? 0) > 0;
}

// Masks a process result: stdout, stderr and the text of each replay event. Events are masked
// per stream as one joined text, so a secret the backend flushed in two chunks is still found.
// stdout and the "o" events usually carry the same bytes: counts take the larger of the two per
// key instead of adding them, so the agent is not told every value twice.
import type { ProcessResult } from '../pipeline/result.ts';
import type { MaskCounts } from './counts.ts';
import type { TextMasker } from './text-masker.ts';

function maskEvents(events: NonNullable<ProcessResult['events']>, text: TextMasker, counts: MaskCounts): void {
  for (const stream of ['o', 'e'] as const) {
    const chosen = events.filter((event) => event[1] === stream);
    if (chosen.length === 0) continue;
    const masked = text.maskPieces(
      chosen.map((event) => event[2]),
      counts,
    );
    chosen.forEach((event, i) => {
      event[2] = masked[i] ?? '';
    });
  }
}

export function maskProcess(result: ProcessResult, text: TextMasker, counts: MaskCounts): void {
  result.stdout = text.mask(result.stdout, counts);
  result.stderr = text.mask(result.stderr, counts);
  if (result.events === undefined || result.events.length === 0) return;
  const eventCounts: MaskCounts = {};
  maskEvents(result.events, text, eventCounts);
  for (const key of Object.keys(eventCounts)) counts[key] = Math.max(counts[key] ?? 0, eventCounts[key] ?? 0);
}

// The impact preview in words, the same in the CLI, the console and notifications; the sampled
// changed rows (already masked) are shown as tables by the CLI and the console, counted in words.
import type { Impact } from '../pipeline/toolpack.ts';

/** How many changed rows the preview shows, in words; undefined when it shows none. */
export function sampleWords(impact: Impact | undefined): string | undefined {
  const samples = impact?.samples ?? [];
  const shown = samples.reduce((n, s) => n + s.rows.rows.length, 0);
  if (shown === 0) return undefined;
  const what = samples.every((s) => s.deleted) ? 'deleted' : 'changed';
  return `${shown} ${what} row${shown === 1 ? '' : 's'} of ${samples.map((s) => s.table).join(', ')} shown${what === 'changed' ? ' as they would be' : ''}, masked`;
}

/** The caption of one sample's table. */
export function sampleCaption(sample: { deleted?: true }): string {
  return sample.deleted ? 'rows the call would delete (masked)' : 'as the call would leave these rows (masked)';
}

export function describeImpact(impact: Impact | undefined): string | undefined {
  if (!impact) return undefined;
  const rows = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;
  const note = impact.note ? ` (${impact.note})` : '';
  switch (impact.method) {
    case 'dry run': {
      if (impact.rows === undefined) return `dry run: ${(impact.changes ?? []).join('; ') || 'no change'}`;
      const each = (impact.statements ?? []).map((s) => `${s.command} ${s.rows}`).join('; ');
      const sampled = sampleWords(impact);
      return `dry run, rolled back: ${rows(impact.rows ?? 0)} would change${each ? ` (${each})` : ''}; the approved call may change no more${sampled ? `; ${sampled}` : ''}${note}`;
    }
    case 'estimate':
      return `planner estimate: about ${rows(impact.rows ?? 0)}${note}`;
    default:
      return `no preview${note}`;
  }
}

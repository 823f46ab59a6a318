// The impact preview in words, the same in the CLI, the console and notifications.
import type { Impact } from '../pipeline/toolpack.ts';

export function describeImpact(impact: Impact | undefined): string | undefined {
  if (!impact) return undefined;
  const rows = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;
  const note = impact.note ? ` (${impact.note})` : '';
  switch (impact.method) {
    case 'dry run': {
      if (impact.rows === undefined) return `dry run: ${(impact.changes ?? []).join('; ') || 'no change'}`;
      const each = (impact.statements ?? []).map((s) => `${s.command} ${s.rows}`).join('; ');
      return `dry run, rolled back: ${rows(impact.rows ?? 0)} would change${each ? ` (${each})` : ''}; the approved call may change no more`;
    }
    case 'estimate':
      return `planner estimate: about ${rows(impact.rows ?? 0)}${note}`;
    default:
      return `no preview${note}`;
  }
}

// Durations in config: a number of milliseconds, or text like "500ms", "30s", "15m", "2h".
// Sizes: a number of bytes, or text like "512kb", "10mb".
import { z } from 'zod';

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

function unitSchema(kind: string, units: Record<string, number>, example: string) {
  const pattern = new RegExp(`^(\\d+(?:\\.\\d+)?)\\s*(${Object.keys(units).join('|')})$`, 'i');
  return z.union([z.number(), z.string()], { error: `expected a ${kind} (a number, or text like ${example})` }).transform((value, ctx) => {
    if (typeof value === 'number') {
      if (Number.isInteger(value) && value >= 0) return value;
      ctx.addIssue({ code: 'custom', message: `invalid ${kind} ${value} (must be a whole number, 0 or more)` });
      return z.NEVER;
    }
    const match = pattern.exec(value.trim());
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `invalid ${kind} "${value.slice(0, 40)}" (use e.g. ${example})` });
      return z.NEVER;
    }
    return Math.round(Number(match[1]) * (units[(match[2] as string).toLowerCase()] as number));
  }).meta({ format: kind });
}

/** A value in the largest unit that writes it whole: 30000 -> "30s", 1048576 -> "1mb". */
function inUnits(value: number, units: Record<string, number>): string {
  const [unit, size] = Object.entries(units)
    .sort((a, b) => b[1] - a[1])
    .find(([, size]) => value % size === 0) ?? ['', 1];
  return `${value / size}${unit}`;
}

export const formatDuration = (ms: number): string => inUnits(ms, DURATION_UNITS);
export const formatSize = (bytes: number): string => inUnits(bytes, SIZE_UNITS);

export const DurationSchema = unitSchema('duration', DURATION_UNITS, '500ms, 30s, 15m, 2h, 7d');
/** The longest delay a Node timer holds (about 24.8 days): setTimeout and setInterval fire at once past it. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** A duration waited out with a timer (a deadline, a poll): at most MAX_TIMER_MS, refused beyond rather than firing at once. */
export const TimerDurationSchema = DurationSchema.refine((ms) => ms <= MAX_TIMER_MS, 'at most 24d (a timer holds up to 2147483647 ms, about 24.8 days)');
export const SizeSchema = unitSchema('size', SIZE_UNITS, '65536, 512kb, 10mb');

// Durations in config: a number of milliseconds, or text like "500ms", "30s", "15m", "2h".
import { z } from 'zod';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export const DurationSchema = z.union([
  z.number().int().nonnegative(),
  z.string().transform((text, ctx) => {
    const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(text.trim());
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `invalid duration "${text}" (use e.g. 500ms, 30s, 15m, 2h)` });
      return z.NEVER;
    }
    return Math.round(Number(match[1]) * (UNITS[match[2] as string] as number));
  }),
]);

/** Sizes: a number of bytes, or text like "512kb", "10mb". */
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

export const SizeSchema = z.union([
  z.number().int().positive(),
  z.string().transform((text, ctx) => {
    const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)$/i.exec(text.trim());
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `invalid size "${text}" (use e.g. 65536, 512kb, 10mb)` });
      return z.NEVER;
    }
    return Math.round(Number(match[1]) * (SIZE_UNITS[(match[2] as string).toLowerCase()] as number));
  }),
]);

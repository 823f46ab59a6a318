// A PostgreSQL connection in config. The password is a secret reference; the URL must not carry one.
import { z } from 'zod';

export const PostgresConnectionSchema = z
  .object({
    url: z
      .string()
      .describe('postgres://user@host:port/database (no password here: use `password`)')
      .superRefine((text, ctx) => {
        let url: URL;
        try {
          url = new URL(text);
        } catch {
          return void ctx.addIssue({ code: 'custom', message: 'not a valid URL (expected postgres://user@host:port/database)' });
        }
        if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') ctx.addIssue({ code: 'custom', message: `scheme must be postgres:// (got ${url.protocol}//)` });
        if (url.password) ctx.addIssue({ code: 'custom', message: 'the URL must not contain a password; put it in `password` as a secret reference (env:NAME or file:PATH)' });
      }),
    password: z.string().optional().describe('Secret reference to the password'),
    ssl: z.enum(['disable', 'require', 'verify-full']).default('disable').describe('TLS to the server'),
    poolSize: z.number().int().min(1).max(100).default(5).describe('Connections per pool (read and write pools each)'),
    connectTimeout: z.number().int().positive().default(10_000).describe('Milliseconds to wait for a connection'),
  })
  .strict();

export type PostgresConnectionConfig = z.output<typeof PostgresConnectionSchema>;

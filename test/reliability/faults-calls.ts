// How the fault tests call gatehouse and read what came back: tool calls with a client timeout far
// above any server limit (so a hang fails the test instead of passing it), the refusal's code, and
// a policy that allows everything, so a refusal can only come from the fault.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';

export interface CallResult {
  isError?: boolean;
  content: Array<{ text?: string }>;
  structuredContent?: Record<string, unknown>;
}

export async function callTool(gh: RunningGatehouse, name: string, args: Record<string, unknown>): Promise<CallResult> {
  return (await gh.client.callTool({ name, arguments: args }, { timeout: 30_000 })) as CallResult;
}

/** postgres_query on the connection every fault test names `shop`. */
export const queryShop = (gh: RunningGatehouse, sql: string) => callTool(gh, 'postgres_query', { connection: 'shop', sql });

export const errorOf = (r: CallResult) => (r.structuredContent?.error ?? {}) as { code?: string; message?: string; approvalId?: string };

/** Path of a policy file that allows every call without review. */
export function allowAllPolicy(): string {
  const file = join(writeConfig({}).dir, 'allow-all.yaml');
  writeFileSync(file, 'default: allow\nrules: []\n');
  return file;
}

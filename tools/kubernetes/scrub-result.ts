// A second wall for the cluster's own credentials: the core scrubs configured secret values from
// outbound text, but for a kubeconfig that value is the whole file, not the token inside it. A
// token copied into a ConfigMap, an annotation or a log line is replaced here before the result
// leaves the pack.
import type { ToolResult } from '../../src/pipeline/result.ts';
import type { KubernetesConnection } from './connection.ts';

export function scrubResult(conn: KubernetesConnection, result: ToolResult): ToolResult {
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return conn.scrub(value);
    if (value === null || typeof value !== 'object' || depth > 200) return value;
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [conn.scrub(k), scrub(v, depth + 1)]));
  };
  switch (result.kind) {
    case 'document':
      return { ...result, value: scrub(result.value, 0), ...(result.note !== undefined ? { note: conn.scrub(result.note) } : {}) };
    case 'process':
      return { ...result, stdout: conn.scrub(result.stdout), stderr: conn.scrub(result.stderr), ...(result.events ? { events: result.events.map(([t, s, text]) => [t, s, conn.scrub(text)] as [number, 'o' | 'e', string]) } : {}) };
    default:
      return { ...result, rows: result.rows.map((row) => row.map((cell) => scrub(cell, 0))) };
  }
}

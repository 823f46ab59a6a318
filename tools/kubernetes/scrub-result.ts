// A second wall for the cluster's own credentials: the core scrubs configured secret values from
// outbound text, but for a kubeconfig that value is the whole file, not the token inside it. A
// token copied into a ConfigMap, an annotation or a log line is replaced here before the result
// leaves the pack. The core's walk does it: every string and key at any depth, copying only what
// changes (a value too deep to walk fails the call rather than passing unscrubbed).
import type { ToolResult } from '../../src/pipeline/result.ts';
import { scrubValue } from '../../src/pipeline/scrub.ts';
import type { KubernetesConnection } from './connection.ts';

export function scrubResult(conn: KubernetesConnection, result: ToolResult): ToolResult {
  return scrubValue(result, (text) => conn.scrub(text));
}

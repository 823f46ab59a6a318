// One audit event as one JSON line: the one format of `audit export`, `audit export --follow` and
// the live sink file (audit.sink.file), so a SIEM parses the same thing from any of them.
import type { AuditEvent } from './events.ts';

export function auditEventLine(event: AuditEvent): string {
  return `${JSON.stringify(event)}\n`;
}

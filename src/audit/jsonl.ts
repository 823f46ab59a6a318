// One audit event as one JSON line: the one format of `audit export`, `audit export --follow` and
// the live sink file (audit.sink.file), so a SIEM parses the same thing from any of them. A person
// reads these lines too (tailing the file, paging the export), so every character that could hide,
// reorder or forge text is written as a JSON escape: the line parses back to the very same event.
import { terminalJson } from '../render/terminal.ts';
import type { AuditEvent } from './events.ts';

export function auditEventLine(event: AuditEvent): string {
  return `${terminalJson(event)}\n`;
}

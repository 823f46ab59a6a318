// One line for people (approvers, auditors): what the line does at a glance, at most SUMMARY_MAX
// characters, with its danger flags first. Control characters never reach the output.
import { cutAtSpace, SUMMARY_MAX } from '../../../src/render/characters.ts';
import { classifyShellLine } from './classify.ts';

function oneLine(text: string): string {
  return text
    .replace(/\r?\n/g, ' ↵ ')
    // eslint-disable-next-line no-control-regex -- control characters must not reach people's screens
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?')
    .replace(/\s+/g, ' ')
    .trim();
}

function tags(line: string): string[] {
  const facts = classifyShellLine(line);
  const out: string[] = [];
  if (facts.hasError) out.push('unparsed');
  if (facts.danger.length > 0) out.push(`danger: ${facts.danger.join(', ')}`);
  if (facts.sensitiveReads.length > 0) out.push('reads secrets');
  if (facts.dynamic) out.push('dynamic');
  if (facts.readOnly) out.push('read-only');
  return out;
}

/** "[danger: power] sudo reboot" — the line on one line, tagged, cut to SUMMARY_MAX characters with a note of the rest. */
export function summarizeShellLine(line: string): string {
  const text = oneLine(typeof line === 'string' ? line : String(line));
  const labels = tags(line);
  const prefix = labels.length > 0 ? `[${labels.join('; ')}] ` : '';
  return cutAtSpace(prefix + text, SUMMARY_MAX);
}

// The shape of a line for "same shape" grants: every command it runs (wrappers, nested and
// re-parsed ones included) with its flags and operands as written, then its redirections. Only
// spacing and quoting may differ, so a grant for `rm /tmp/a.log` never removes another file and a
// grant for `tail -n 5 app.log` never reads another log. Code handed to shells (bash -c, heredocs,
// pipes into sh) or to other interpreters (python -c CODE) is part of the shape word for word, and
// a line that pipes code into an interpreter is its own shape.
import { scanLine } from './classify.ts';
import type { Found } from './model.ts';
import { inlineCode } from './interpreters.ts';

function commandShape(f: Found): string {
  const args = f.optionsEnd === undefined ? f.args : f.args.slice(0, f.optionsEnd);
  const code = (inlineCode(f)?.code ?? []).map((c) => JSON.stringify(c));
  const via = f.fact.via.length > 0 ? `${f.fact.via.join(' > ')} > ` : '';
  return [via + f.name, ...args.map((a) => JSON.stringify(a.text)), ...code].join(' ');
}

/** A normalized shape: every word kept; stable across spacing and quoting. */
export function shellShape(line: string): string {
  const scan = scanLine(line);
  if (typeof scan === 'string' || scan.errors.length > 0) {
    // an unreadable line has no shape to share: its own text is its shape
    return `unparsed: ${String(line)}`;
  }
  // Code read from stdin (echo CODE | python3) is an operand of another command: no shape can hold it.
  if (scan.found.some((f) => inlineCode(f)?.fromStdin)) return `literal: ${line}`;
  const commands = scan.found.map(commandShape).join(' ; ');
  const redirects = scan.redirects.map((r) => `${r.op}${JSON.stringify(r.text)}`);
  return redirects.length > 0 ? `${commands} [${redirects.join(' ')}]` : commands;
}

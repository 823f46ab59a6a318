// The shape of a line for "same shape" grants: every command it runs (wrappers, nested and
// re-parsed ones included) with its flags and operands as written, then its redirections. Only
// spacing and quoting may differ, so a grant for `rm /tmp/a.log` never removes another file and a
// grant for `tail -n 5 app.log` never reads another log. The line's structure follows (skeleton.ts):
// the operators, keywords and redirections between the words, so `cd x && rm *` is not `cd x; rm *`. Code handed to shells (bash -c, heredocs,
// pipes into sh) or to other interpreters (python -c CODE) is part of the shape word for word, and
// a line that pipes code into an interpreter is its own shape.
// An approver may widen a grant to other files: the widened shape frees only the operands the
// classifier reads as files a command reads or writes, each to one named file (no glob, no run-time
// value); command names, flags, option values, other operands and redirections stay as written.
// A line that reads a file that may hold secrets or has a catastrophic command has no widened
// shape, so a widened grant never covers it: such a call goes to a person again.
import { classifyShellLine, scanLine } from './classify.ts';
import type { Field } from './fields.ts';
import type { Found } from './model.ts';
import { inlineCode } from './interpreters.ts';
import { readPathsOf } from './readers.ts';
import type { Scan } from './scan.ts';
import { writePathsOf } from './writers.ts';

/** Stands for any one named file in a widened shape; never a JSON-quoted word, so never an operand as written. */
const ANY_FILE = '<file>';

/** How a command's words are written into a shape. */
type Words = (f: Found) => (field: Field) => string;

const written = (field: Field) => JSON.stringify(field.text);
const asWritten: Words = () => written;

/** A file operand that names one file is freed; everything else is kept as written. */
const fileFreed: Words = (f) => {
  const files = new Set<Field>([...readPathsOf(f).map((r) => r.field), ...writePathsOf(f)]);
  return (field) => (files.has(field) && !field.dynamic && !field.glob ? ANY_FILE : written(field));
};

function commandShape(f: Found, words: Words): string {
  const word = words(f);
  const args = f.optionsEnd === undefined ? f.args : f.args.slice(0, f.optionsEnd);
  const code = (inlineCode(f)?.code ?? []).map((c) => JSON.stringify(c));
  const via = f.fact.via.length > 0 ? `${f.fact.via.join(' > ')} > ` : '';
  return [via + f.name, ...args.map(word), ...code].join(' ');
}

/** The commands and redirections with their words, then the line's structure without them (skeleton.ts). */
function lineShape(scan: Scan, words: Words): string {
  const commands = scan.found.map((f) => commandShape(f, words)).join(' ; ');
  const redirects = scan.redirects.map((r) => `${r.op}${JSON.stringify(r.text)}`);
  return `${redirects.length > 0 ? `${commands} [${redirects.join(' ')}]` : commands} :: ${scan.skeleton}`;
}

/** The scan of a line that can share a shape, or the shape it must keep to itself. */
function shareable(line: string): Scan | string {
  const scan = scanLine(line);
  // an unreadable line has no shape to share: its own text is its shape
  if (typeof scan === 'string' || scan.errors.length > 0) return `unparsed: ${String(line)}`;
  // Code read from stdin (echo CODE | python3) is an operand of another command: no shape can hold it.
  if (scan.found.some((f) => inlineCode(f)?.fromStdin)) return `literal: ${line}`;
  return scan;
}

/** A normalized shape: every word kept; stable across spacing and quoting. */
export function shellShape(line: string): string {
  const scan = shareable(line);
  return typeof scan === 'string' ? scan : lineShape(scan, asWritten);
}

/** The shape with every file operand freed, for a grant the approver widens; undefined when the line has none. */
export function widenedShellShape(line: string): string | undefined {
  const scan = shareable(line);
  if (typeof scan === 'string') return undefined;
  const facts = classifyShellLine(line);
  if (facts.sensitiveReads.length > 0 || facts.danger.length > 0) return undefined;
  const widened = lineShape(scan, fileFreed);
  return widened === lineShape(scan, asWritten) ? undefined : `files free: ${widened}`;
}

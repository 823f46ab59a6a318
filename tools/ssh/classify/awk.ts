// What an awk program does besides reading its input: system() and pipes run commands,
// print > file writes, getline < file reads, /inet/ special files open sockets (gawk).
// String literals are set aside first so that text inside them is not mistaken for code.
import type { Field } from './fields.ts';
import { parseArgs } from './options.ts';

export interface AwkProgram {
  /** system(), print | "cmd", "cmd" | getline, |& coprocesses, @load. */
  runsCommands: boolean;
  /** print/printf redirected with > or >>. */
  writesFiles: boolean;
  /** The files print/printf write, where written as literals. */
  writes: string[];
  /** Files read with getline < "file"; null when a getline reads from a computed name. */
  reads: string[] | null;
  /** gawk /inet/tcp and /inet/udp special files. */
  network: boolean;
  /** Command strings written as literals: system("..."), "..." | getline, print | "...". */
  commands: string[];
}

export interface AwkCall {
  /** The program text; null when it comes from a file (-f) or is only known at run time. */
  program: string | null;
  /** -i inplace, --include, -f, -E, @include: code or behaviour the line does not show. */
  opaque: boolean;
}

// Facts, reads and writes each ask about the same command: its program is read once.
const readPrograms = new WeakMap<readonly Field[], { call: AwkCall; program: AwkProgram | null }>();

/** An awk call and its program, read; program null when the line does not show it. */
export function awkOf(args: readonly Field[]): { call: AwkCall; program: AwkProgram | null } {
  let read = readPrograms.get(args);
  if (read === undefined) {
    const call = awkCall(args);
    read = { call, program: call.program === null ? null : readAwkProgram(call.program) };
    readPrograms.set(args, read);
  }
  return read;
}

/** Finds the program among awk's arguments. */
function awkCall(args: readonly Field[]): AwkCall {
  const parsed = parseArgs(args, { values: 'fvFEie', longValues: ['file', 'assign', 'field-separator', 'source', 'include', 'exec', 'load'] });
  const opaque = ['f', 'E', 'i', 'file', 'exec', 'include', 'load'].some((o) => parsed.seen.has(o));
  const inline = [...(parsed.values.get('e') ?? []), ...(parsed.values.get('source') ?? [])];
  if (inline.length > 0) return { program: inline.join('\n'), opaque };
  const first = parsed.operands[0];
  const field = first === undefined ? undefined : args[first];
  if (opaque || !field) return { program: null, opaque };
  return { program: field.dynamic ? null : field.text, opaque };
}

const STRING = /"(?:[^"\\\n]|\\.)*"/g;

function readAwkProgram(program: string): AwkProgram {
  const literals: string[] = [];
  const code = program.replace(STRING, (s) => {
    literals.push(s.slice(1, -1).replace(/\\(.)/g, '$1'));
    return `\uE010${literals.length - 1}\uE010`;
  }).replace(/#[^\n]*/g, '');
  const literalAt = (text: string): string | null => {
    const m = /^\s*\(?\s*\uE010(\d+)\uE010/.exec(text);
    return m ? (literals[Number(m[1])] ?? null) : null;
  };
  const result: AwkProgram = { runsCommands: false, writesFiles: false, writes: [], reads: [], network: false, commands: [] };
  result.network = literals.some((l) => l.startsWith('/inet'));
  if (/@(load|include)\b/.test(code) || /\|&/.test(code)) result.runsCommands = true;
  for (const m of code.matchAll(/\bsystem\s*\(/g)) {
    result.runsCommands = true;
    const literal = literalAt(code.slice((m.index ?? 0) + m[0].length - 1));
    if (literal !== null) result.commands.push(literal);
  }
  for (const m of code.matchAll(/\uE010(\d+)\uE010\s*\|\s*getline/g)) result.commands.push(literals[Number(m[1])] ?? '');
  if (/\|\s*getline/.test(code)) result.runsCommands = true;
  for (const m of code.matchAll(/\bgetline\b[^<;\n}]*<\s*([^;\n}]*)/g)) {
    const literal = literalAt(m[1] ?? '');
    if (literal === null) result.reads = null;
    else result.reads?.push(literal);
  }
  for (const statement of code.split(/[;\n{}]/)) readPrint(statement, literalAt, result);
  return result;
}

/** A print or printf statement with > >> or | outside parentheses writes a file or runs a command. */
function readPrint(statement: string, literalAt: (text: string) => string | null, result: AwkProgram): void {
  const m = /\bprintf?\b/.exec(statement);
  if (!m) return;
  const rest = statement.slice(m.index + m[0].length);
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && ch === '>') {
      result.writesFiles = true;
      const literal = literalAt(rest.slice(rest[i + 1] === '>' ? i + 2 : i + 1));
      if (literal !== null) result.writes.push(literal);
      return;
    } else if (depth === 0 && ch === '|') {
      result.runsCommands = true;
      const literal = literalAt(rest.slice(i + 1));
      if (literal !== null) result.commands.push(literal);
      return;
    }
  }
}

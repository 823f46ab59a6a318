// What a sed script does besides editing its output: w/W and s///w write files, r/R read
// files, e and s///e run commands. The script is read command by command, honouring addresses,
// custom s delimiters and escapes; anything it cannot follow counts as unsafe.
import { literalField, type Field } from './fields.ts';
import { parseArgs } from './options.ts';

export interface SedScript {
  writes: boolean;
  reads: boolean;
  executes: boolean;
  /** The reader lost its way: treat as doing anything. */
  unclear: boolean;
  /** Files named by r and R: their contents go to the output. */
  readFiles: string[];
  /** Files named by w, W and s///w. */
  writeFiles: string[];
}

/** The scripts' texts (-e, --expression, or the first operand); null when one is unknown (-f, dynamic). */
function scriptTexts(args: readonly Field[]): string[] | null {
  const parsed = parseArgs(args, { values: 'efl', optional: 'i', longValues: ['expression', 'file', 'line-length'] });
  if (parsed.seen.has('f') || parsed.seen.has('file')) return null;
  const given = [...(parsed.values.get('e') ?? []), ...(parsed.values.get('expression') ?? [])];
  if (given.length > 0) return given;
  const first = parsed.operands[0];
  const field = first === undefined ? undefined : args[first];
  if (!field || field.dynamic) return null;
  return [field.text];
}

// Facts, reads and writes each ask about the same command: its scripts are read once.
const readScripts = new WeakMap<readonly Field[], SedScript[] | null>();

/** The scripts of a sed call, read; null when one is unknown (-f, dynamic). */
export function sedScriptsOf(args: readonly Field[]): SedScript[] | null {
  let scripts = readScripts.get(args);
  if (scripts === undefined) {
    scripts = scriptTexts(args)?.map(readSedScript) ?? null;
    readScripts.set(args, scripts);
  }
  return scripts;
}

/** Names GNU sed gives its own streams, not files. */
const STREAMS = new Set(['/dev/stdin', '/dev/stdout', '/dev/stderr']);

/** The files the scripts of a sed call read (r, R) and write (w, W, s///w); none when a script is unknown. */
export function sedScriptFiles(args: readonly Field[]): { reads: Field[]; writes: Field[] } {
  const scripts = sedScriptsOf(args) ?? [];
  const fields = (names: string[]): Field[] => names.filter((name) => !STREAMS.has(name)).map(literalField);
  return { reads: fields(scripts.flatMap((s) => s.readFiles)), writes: fields(scripts.flatMap((s) => s.writeFiles)) };
}

const SIMPLE_COMMANDS = '=dDgGhHlnNpPxzF';

function readSedScript(script: string): SedScript {
  const result: SedScript = { writes: false, reads: false, executes: false, unclear: false, readFiles: [], writeFiles: [] };
  let i = 0;
  const at = (k: number): string => script[k] ?? '';
  const skipTo = (stops: string): void => {
    while (i < script.length && !stops.includes(at(i))) i++;
  };
  // a file name runs to the end of the line (";" and "}" included), after leading blanks
  const fileName = (into: string[]): void => {
    const start = i;
    skipTo('\n');
    const name = script.slice(start, i).replace(/^[ \t]+/, '');
    if (name) into.push(name);
  };
  const readDelimited = (delimiter: string): void => {
    // reads up to the next unescaped delimiter; i starts after the opening one
    while (i < script.length && at(i) !== delimiter) i += at(i) === '\\' ? 2 : 1;
    if (i >= script.length) result.unclear = true;
    i++;
  };
  while (i < script.length && !result.unclear) {
    const ch = at(i);
    if (/[\s;{}!]/.test(ch)) {
      i++;
      continue;
    }
    // addresses: numbers, $, /regex/, \cregexc, first~step, ranges with , and +N/~N
    if (/[0-9$~,+]/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '/') {
      i++;
      readDelimited('/');
      if (/[IM]/.test(at(i))) i++;
      continue;
    }
    if (ch === '\\') {
      const delimiter = at(i + 1);
      i += 2;
      readDelimited(delimiter);
      continue;
    }
    i++;
    if (ch === 's' || ch === 'y') {
      const delimiter = at(i);
      if (!delimiter || delimiter === '\n' || delimiter === '\\') {
        result.unclear = true;
        break;
      }
      i++;
      readDelimited(delimiter);
      readDelimited(delimiter);
      const flagsStart = i;
      skipTo(';\n}w');
      if (ch === 's' && /e/.test(script.slice(flagsStart, i))) result.executes = true;
      if (ch === 's' && at(i) === 'w') {
        result.writes = true;
        i++;
        fileName(result.writeFiles);
      }
    } else if ('aic'.includes(ch)) {
      skipTo('\n'); // text to the end of the line
    } else if (':btTvq'.includes(ch) || 'Q'.includes(ch)) {
      skipTo(';\n}');
    } else if ('wW'.includes(ch)) {
      result.writes = true;
      fileName(result.writeFiles);
    } else if ('rR'.includes(ch)) {
      result.reads = true;
      fileName(result.readFiles);
    } else if (ch === 'e') {
      result.executes = true;
      skipTo('\n');
    } else if (!SIMPLE_COMMANDS.includes(ch)) {
      result.unclear = true;
    }
  }
  return result;
}

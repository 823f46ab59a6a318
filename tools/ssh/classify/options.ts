// Command-line option parsing as getopt does it (clusters like -rf, attached values like -uroot,
// --long=value, unambiguous long prefixes like --recur), over expanded argument fields.
import { fieldFrom, literalField, type Field } from './fields.ts';

export interface OptionSpec {
  /** Short letters that take no value. */
  flags?: string;
  /** Short letters that take a value, attached (-uroot) or as the next argument (-u root). */
  values?: string;
  /** Short letters whose value may only be attached (-i.bak, -l5). */
  optional?: string;
  /** Long option names (without "--") that take no value. */
  longFlags?: readonly string[];
  /** Long option names that take a value (--user=root or --user root). */
  longValues?: readonly string[];
  /** Stop at the first operand (wrappers); otherwise options may follow operands (GNU tools). */
  stopAtOperand?: boolean;
  /** Treat "-N" (a dash and digits) as an operand rather than options (kill, nice, head). */
  numericOperands?: boolean;
}

export interface ParsedArgs {
  /** Indices of operands in the argument list. */
  operands: number[];
  /** Seen short letters and long names (long names resolved from prefixes). */
  seen: Set<string>;
  /** Values by short letter or long name, in order. */
  values: Map<string, string[]>;
  /** The same values as fields, which keep what is dynamic or a glob (a file named by an option). */
  valueFields: Map<string, Field[]>;
  /** Index after the last option when parsing stopped at an operand or "--". */
  end: number;
  /** An option that the spec does not know, or an ambiguous abbreviation. */
  unknown: string[];
}

/** Resolves a long option (name without dashes and value) to a known name, allowing unique prefixes. */
export function resolveLong(name: string, known: readonly string[]): string | null {
  if (known.includes(name)) return name;
  const matches = known.filter((k) => k.startsWith(name));
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

/**
 * True when `arg` spells the long option `full` or an abbreviation of at least `min` characters.
 * getopt accepts any unambiguous prefix (--fl for --flush); an ambiguous one makes the tool
 * refuse to run, so counting every prefix as a match only errs on the strict side.
 */
export function isLong(arg: string, full: string, min = 1): boolean {
  if (!arg.startsWith('--')) return false;
  const name = arg.slice(2).split('=')[0] ?? '';
  return name.length >= Math.min(min, full.length) && full.startsWith(name);
}

export function parseArgs(args: readonly Field[], spec: OptionSpec): ParsedArgs {
  const result: ParsedArgs = { operands: [], seen: new Set(), values: new Map(), valueFields: new Map(), end: args.length, unknown: [] };
  const longs = [...(spec.longFlags ?? []), ...(spec.longValues ?? [])];
  const addValue = (key: string, field: Field): void => {
    result.seen.add(key);
    result.values.set(key, [...(result.values.get(key) ?? []), field.text]);
    result.valueFields.set(key, [...(result.valueFields.get(key) ?? []), field]);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]?.text ?? '';
    if (arg === '--') {
      for (let j = i + 1; j < args.length; j++) result.operands.push(j);
      result.end = i + 1;
      return result;
    }
    const isOption = arg.startsWith('-') && arg !== '-' && !(spec.numericOperands && /^-\d+$/.test(arg));
    if (!isOption) {
      if (spec.stopAtOperand) {
        for (let j = i; j < args.length; j++) result.operands.push(j);
        result.end = i;
        return result;
      }
      result.operands.push(i);
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const raw = arg.slice(2, eq < 0 ? undefined : eq);
      const name = resolveLong(raw, longs);
      if (name === null) {
        result.unknown.push(arg);
        result.seen.add(raw);
        continue;
      }
      if ((spec.longValues ?? []).includes(name)) {
        if (eq >= 0) addValue(name, fieldFrom(args[i] as Field, eq + 1));
        else addValue(name, args[++i] ?? EMPTY);
      } else result.seen.add(name);
      continue;
    }
    i = parseCluster(args, i, spec, result, addValue);
  }
  return result;
}

/** Parses one short-option cluster at args[i]; returns the index of the last argument it used. */
function parseCluster(
  args: readonly Field[],
  i: number,
  spec: OptionSpec,
  result: ParsedArgs,
  addValue: (key: string, field: Field) => void,
): number {
  const field = args[i] as Field;
  const arg = field.text;
  for (let k = 1; k < arg.length; k++) {
    const letter = arg[k] ?? '';
    if ((spec.values ?? '').includes(letter)) {
      if (k + 1 < arg.length) addValue(letter, fieldFrom(field, k + 1));
      else {
        addValue(letter, args[i + 1] ?? EMPTY);
        return i + 1;
      }
      return i;
    }
    if ((spec.optional ?? '').includes(letter)) {
      addValue(letter, fieldFrom(field, k + 1));
      return i;
    }
    if (!(spec.flags ?? '').includes(letter)) result.unknown.push('-' + letter);
    result.seen.add(letter);
  }
  return i;
}

/** A value written after no value: the option ends the line. */
const EMPTY: Field = literalField('');

/** The first of `names` that `arg` spells as a long option or a prefix of one; null when none. */
export function longPrefixOf(arg: string, names: readonly string[]): string | null {
  return names.find((name) => isLong(arg, name)) ?? null;
}

/** The operands' fields. */
export function operandFields(args: readonly Field[], parsed: ParsedArgs): Field[] {
  return parsed.operands.map((i) => args[i]).filter((f): f is Field => f !== undefined);
}

// tar's -C DIR (--directory DIR) changes directory for what follows it, and a relative DIR is taken
// from the directory before it: `tar -czf a.tgz -C /tmp a -C /etc shadow` archives /tmp/a and
// /etc/shadow, and `-C / -C etc` is /etc. Where each one stands decides what is read.
import type { Field } from './fields.ts';
import { parseArgs, type ParsedArgs } from './options.ts';
import { TAR_OPTIONS } from './option-specs.ts';

const DIRECTORY_KEYS = ['C', 'directory'];

/** Each directory -C gives, as a path from the one before it, with the index it holds from. */
interface Directory {
  at: number;
  field: Field;
}

/** The operands, each relative one under the directory in effect where it stands. */
export function operandsInDirectories(args: readonly Field[], parsed: ParsedArgs): Field[] {
  const directories = tarDirectories(args, parsed);
  const operands = new Set(parsed.operands);
  return args.flatMap((field, i) => {
    if (!operands.has(i)) return [];
    const dir = directories.filter((d) => d.at <= i).at(-1)?.field;
    return dir === undefined ? [field] : [within(dir, field)];
  });
}

/** Every directory the -C options lead to, in order: where an extraction may write. */
export function tarDirectoryFields(args: readonly Field[], parsed: ParsedArgs): Field[] {
  return tarDirectories(args, parsed).map((d) => d.field);
}

function tarDirectories(args: readonly Field[], parsed: ParsedArgs): Directory[] {
  const given = DIRECTORY_KEYS.flatMap((key) => (parsed.valueFields.get(key) ?? []).map((field, k) => ({ at: firstCounting(args, key, k + 1), field })));
  let previous: Field | undefined;
  return given
    .sort((a, b) => a.at - b.at)
    .map(({ at, field }) => {
      previous = previous === undefined ? field : within(previous, field);
      return { at, field: previous };
    });
}

function within(dir: Field, field: Field): Field {
  return field.path.startsWith('/') || field.path.startsWith('~') ? field : { ...field, path: `${dir.path}/${field.path}` };
}

/**
 * The number of arguments up to the option that gives the key's count-th value. The parse keeps
 * each option's values in order, but not -C against --directory: the option stands where the parse
 * of the arguments before it first counts that many values, found by bisection.
 */
function firstCounting(args: readonly Field[], key: string, count: number): number {
  let low = 1;
  let high = args.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ((parseArgs(args.slice(0, middle), TAR_OPTIONS).values.get(key)?.length ?? 0) >= count) high = middle;
    else low = middle + 1;
  }
  return low;
}

// tar's -C DIR (--directory DIR) changes directory for the operands after it, and a relative DIR
// is taken from the directory before it: `tar -czf a.tgz -C /tmp a -C /etc shadow` archives
// /tmp/a and /etc/shadow, and `-C / -C etc` is /etc. Where each one stands decides what is read.
import type { Field } from './fields.ts';
import { parseArgs, type ParsedArgs } from './options.ts';
import { TAR_OPTIONS } from './option-specs.ts';

const DIRECTORY_KEYS = ['C', 'directory'];

/** The operands, each relative one under the directory in effect where it stands. */
export function operandsInDirectories(args: readonly Field[], parsed: ParsedArgs): Field[] {
  const changes = directoryChanges(args, parsed).sort((a, b) => a.at - b.at);
  let dir: string | undefined;
  let next = 0;
  return parsed.operands.flatMap((i) => {
    for (; next < changes.length && (changes[next]?.at ?? 0) <= i; next++) dir = within(dir, changes[next]?.dir ?? '');
    const field = args[i];
    if (!field) return [];
    return dir === undefined || field.path.startsWith('/') ? [field] : [{ ...field, path: `${dir}/${field.path}` }];
  });
}

function within(dir: string | undefined, next: string): string {
  return dir === undefined || next.startsWith('/') || next.startsWith('~') ? next : `${dir}/${next}`;
}

/**
 * Each directory given, with the number of arguments up to the option that gives it. The parse
 * keeps each option's values in order, but not -C against --directory; the k-th value of one is
 * given where the parse of the arguments before it first counts k values, found by bisection.
 */
function directoryChanges(args: readonly Field[], parsed: ParsedArgs): Array<{ at: number; dir: string }> {
  return DIRECTORY_KEYS.flatMap((key) => (parsed.values.get(key) ?? []).map((dir, k) => ({ at: firstCounting(args, key, k + 1), dir })));
}

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

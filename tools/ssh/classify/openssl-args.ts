// openssl's options are words of one or two dashes with the value as the next word or after "="
// (-in FILE, --in FILE, -in=FILE), which getopt does not parse; every spelling names the same file.
import { fieldFrom, type Field } from './fields.ts';

/** The values of the options `names` (without dashes), in every spelling openssl takes. */
export function opensslValues(args: readonly Field[], names: readonly string[]): Field[] {
  return args.flatMap((field, i) => {
    const m = /^--?([^=]+)(=?)/.exec(field.text);
    if (!m || !names.includes(m[1] ?? '')) return [];
    if (m[2] === '=') return [fieldFrom(field, m[0].length)];
    const next = args[i + 1];
    return next ? [next] : [];
  });
}

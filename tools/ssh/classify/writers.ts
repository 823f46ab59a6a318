// Which arguments of a command are files it writes, creates, changes or removes: tee's files,
// cp/mv/install destinations, dd of=, sed -i files, editors, curl -o, chmod's operands, ...
import { awkOf } from './awk.ts';
import { literalField, type Field } from './fields.ts';
import type { Found } from './model.ts';
import { isLong, operandFields, parseArgs, type OptionSpec } from './options.ts';
import { sedScriptFiles } from './sed.ts';
import { SUDO_OPTIONS } from './wrappers.ts';
import { own } from './own.ts';

type Writer = (args: readonly Field[]) => Field[];

const operands = (spec: OptionSpec = {}): Writer => (args) => operandFields(args, parseArgs(args, spec));

/** Values of the given options (-o FILE, --output=FILE, --output FILE). */
function optionValues(args: readonly Field[], short: string[], long: string[]): Field[] {
  const out: Field[] = [];
  args.forEach((field, i) => {
    const text = field.text;
    const next = args[i + 1];
    if (short.includes(text) || long.some((l) => text === `--${l}`)) {
      if (next) out.push(next);
    } else if (long.some((l) => text.startsWith(`--${l}=`))) {
      const cut = text.indexOf('=') + 1;
      out.push({ ...field, text: text.slice(cut), path: field.path.slice(field.path.indexOf('=') + 1) });
    } else {
      const attached = short.find((s) => text.startsWith(s) && text.length > s.length && !text.startsWith('--'));
      if (attached) out.push({ ...field, text: text.slice(attached.length), path: field.path.slice(attached.length) });
    }
  });
  return out;
}

/** cp/mv/install/ln: the destination, or -t DIR. mv also removes its sources. */
function destination(spec: OptionSpec, includeSources: boolean): Writer {
  return (args) => {
    const parsed = parseArgs(args, spec);
    const ops = operandFields(args, parsed);
    const target = parsed.valueFields.get('t') ?? parsed.valueFields.get('target-directory');
    const dest = target ?? ops.slice(-1);
    return includeSources ? [...(target ? ops : ops.slice(0, -1)), ...dest] : dest;
  };
}

/** sed -i, perl -i: the edited files. */
function inPlace(args: readonly Field[], name: string): Field[] {
  const edits = args.some((a) => /^-[a-zA-Z]*i/.test(a.text) && !a.text.startsWith('--') || isLong(a.text, 'in-place'));
  if (!edits) return [];
  if (name === 'perl') return args.filter((a, i) => !a.text.startsWith('-') && !/^-[a-zA-Z]*e$/.test(args[i - 1]?.text ?? ''));
  const parsed = parseArgs(args, { values: 'efl', optional: 'i', longValues: ['expression', 'file', 'line-length'] });
  const given = ['e', 'f', 'expression', 'file'].some((o) => parsed.seen.has(o));
  return operandFields(args, parsed).slice(given ? 0 : 1);
}

const CHANGES_OPERANDS = operands({ values: 'sn', longValues: ['size', 'reference', 'iterations', 'random-source'] });
/** chmod/chown/chgrp: the first operand is the mode or owner unless --reference gives it. */
const CHANGES_AFTER_MODE: Writer = (args) => {
  const parsed = parseArgs(args, { longValues: ['reference', 'from'] });
  return operandFields(args, parsed).slice(parsed.seen.has('reference') ? 0 : 1);
};

const WRITERS: Record<string, Writer> = {
  tee: operands(),
  cp: destination({ values: 'tS', longValues: ['target-directory', 'suffix'] }, false),
  install: destination({ values: 'tSmogs', longValues: ['target-directory', 'suffix', 'mode', 'owner', 'group'] }, false),
  ln: destination({ values: 'tS', longValues: ['target-directory', 'suffix'] }, false),
  mv: destination({ values: 'tS', longValues: ['target-directory', 'suffix'] }, true),
  rsync: (args) => operandFields(args, parseArgs(args, { values: 'eBfT' })).slice(-1).filter((f) => !/^[^/]*:/.test(f.text)),
  scp: (args) => operandFields(args, parseArgs(args, { values: 'cFiJlOoPSDX' })).slice(-1).filter((f) => !/^[^/]*:/.test(f.text)),
  dd: (args) => args.filter((a) => a.text.startsWith('of=')).map((a) => ({ ...a, text: a.text.slice(3), path: a.path.slice(3) })),
  truncate: CHANGES_OPERANDS, touch: operands({ values: 'dtr' }), rm: operands(), unlink: operands(), shred: CHANGES_OPERANDS,
  rmdir: operands(), mkdir: operands({ values: 'm' }), mknod: operands({ values: 'm' }), mkfifo: operands({ values: 'm' }),
  chmod: CHANGES_AFTER_MODE, chown: CHANGES_AFTER_MODE, chgrp: CHANGES_AFTER_MODE,
  chattr: (args) => args.filter((a) => !/^[-+=]/.test(a.text)),
  setfacl: (args) => operandFields(args, parseArgs(args, { values: 'mMxX', longValues: ['modify', 'modify-file', 'remove', 'remove-file', 'set', 'set-file'] })),
  curl: (args) => optionValues(args, ['-o'], ['output']),
  wget: (args) => optionValues(args, ['-O', '-o', '-a'], ['output-document', 'output-file', 'append-output']),
  sort: (args) => optionValues(args, ['-o'], ['output']),
  time: (args) => optionValues(args, ['-o'], ['output']),
  uniq: (args) => operandFields(args, parseArgs(args, { values: 'fsw' })).slice(1, 2),
  find: (args) => optionValues(args, ['-fprint', '-fprint0', '-fprintf', '-fls'], []),
  sed: (args) => [...inPlace(args, 'sed'), ...sedScriptFiles(args).writes],
  perl: (args) => inPlace(args, 'perl'),
  visudo: (args) => optionValues(args, ['-f'], ['file']),
  sudoedit: operands(),
  sudo: (args) => {
    const parsed = parseArgs(args, SUDO_OPTIONS);
    return parsed.seen.has('e') || parsed.seen.has('edit') ? operandFields(args, parsed) : [];
  },
};
/** awk: the files its print statements write, where named as literals. */
const AWK_WRITES: Writer = (args) => {
  return (awkOf(args).program?.writes ?? []).map(literalField);
};
for (const awk of ['awk', 'gawk', 'mawk', 'nawk']) WRITERS[awk] = AWK_WRITES;
for (const editor of ['vi', 'vim', 'nvim', 'nano', 'emacs', 'ed', 'ex', 'pico', 'micro', 'joe', 'mcedit']) {
  WRITERS[editor] = (args) => args.filter((a) => !a.text.startsWith('-') && !a.text.startsWith('+'));
}
for (const compressor of ['gzip', 'gunzip', 'bzip2', 'bunzip2', 'xz', 'unxz', 'zstd']) {
  WRITERS[compressor] = (args) => (args.some((a) => a.text === '-c' || a.text === '--stdout') ? [] : args.filter((a) => !a.text.startsWith('-')));
}

/** Files the command writes or changes; empty for commands not known to write. */
export function writePathsOf(found: Found): Field[] {
  const writer = own(WRITERS, found.name);
  return writer ? writer(found.args) : [];
}

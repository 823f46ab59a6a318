// Which arguments of a command are files it writes, creates, changes or removes: tee's files,
// cp/mv/install destinations, dd of=, sed -i files, editors, curl -o, chmod's operands, ...
import { awkOf } from './awk.ts';
import { literalField, type Field } from './fields.ts';
import type { Found } from './model.ts';
import { isLong, operandFields, parseArgs, type OptionSpec, type ParsedArgs } from './options.ts';
import { sedScriptFiles } from './sed.ts';
import { SUDO_OPTIONS } from './wrappers.ts';
import { CURL_SHORT_VALUES, SORT_OPTIONS, TAR_OPTIONS, WGET_OPTIONS } from './option-specs.ts';
import { editedFiles, editorWrites, EDITORS } from './editors.ts';
import { own } from './own.ts';
import { unbundleTar } from './tar-args.ts';
import { tarDirectoryFields } from './tar-directories.ts';
import { KNOWN_OUTPUTS, OUTPUT_OPTIONS, valueWriter, type Writer } from './output-options.ts';

const operands = (spec: OptionSpec = {}): Writer => (args) => operandFields(args, parseArgs(args, spec));

/** curl's long options that write the file named by the next word (curl takes no "--name=value"). */
const CURL_LONG_OUTPUTS = ['output', 'output-dir', 'dump-header', 'cookie-jar', 'trace', 'trace-ascii', 'stderr', 'libcurl', 'etag-save', 'hsts', 'alt-svc'];

/** curl: -o FILE, -D FILE, -c FILE (alone, in a cluster or attached), their long names, and --output-dir DIR (where -O saves). */
function curlWrites(args: readonly Field[]): Field[] {
  const long = args.flatMap((field, i) => (CURL_LONG_OUTPUTS.some((name) => isLong(field.text, name)) && args[i + 1] ? [args[i + 1] as Field] : []));
  const short = parseArgs(args, { values: CURL_SHORT_VALUES }).valueFields;
  return [...['o', 'D', 'c'].flatMap((o) => short.get(o) ?? []), ...long].filter((f) => f.text !== '' && f.text !== '-');
}

/** find's output actions are whole words after one dash (-fprint FILE). */
function findOutputs(args: readonly Field[]): Field[] {
  return args.flatMap((field, i) => (['-fprint', '-fprint0', '-fprintf', '-fls'].includes(field.text) && args[i + 1] ? [args[i + 1] as Field] : []));
}

const TAR_CREATES = ['c', 'r', 'u', 'A', 'create', 'append', 'update', 'catenate', 'concatenate', 'delete'];

/**
 * tar: an archive it creates or changes (-f), the snapshot and index files it keeps, and on x the
 * directories its -C options lead to (or here), unless sent to stdout or a command; which members
 * land there, only the archive says.
 */
function tarWrites(args: readonly Field[]): Field[] {
  const unbundled = unbundleTar(args);
  const parsed = parseArgs(unbundled, TAR_OPTIONS);
  const values = (keys: readonly string[]): Field[] => keys.flatMap((key) => parsed.valueFields.get(key) ?? []).filter((f) => f.text !== '' && f.text !== '-');
  const kept = values(['g', 'listed-incremental', 'index-file']);
  const archive = TAR_CREATES.some((o) => parsed.seen.has(o)) ? values(['f', 'file']) : [];
  return [...archive, ...kept, ...tarExtracts(unbundled, parsed)];
}

function tarExtracts(unbundled: readonly Field[], parsed: ParsedArgs): Field[] {
  if (!['x', 'extract', 'get'].some((o) => parsed.seen.has(o)) || ['O', 'to-stdout', 'to-command'].some((o) => parsed.seen.has(o))) return [];
  const directories = tarDirectoryFields(unbundled, parsed);
  return directories.length > 0 ? directories : [literalField('.')];
}

/** unzip: the members land under -d DIR (or here), unless it only lists, tests or prints them. */
function unzipExtracts(args: readonly Field[]): Field[] {
  const parsed = parseArgs(args, { values: 'dxP' });
  if (['l', 't', 'p', 'v', 'z', 'Z'].some((o) => parsed.seen.has(o))) return [];
  return [...(parsed.valueFields.get('d') ?? [literalField('.')])].slice(-1);
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

const RSYNC_OPTIONS: OptionSpec = {
  values: 'eBfT',
  longValues: ['rsh', 'rsync-path', 'exclude', 'include', 'filter', 'files-from', 'exclude-from', 'include-from', 'log-file', 'write-batch', 'only-write-batch',
    'backup-dir', 'partial-dir', 'temp-dir', 'password-file', 'out-format', 'log-file-format', 'chmod', 'chown', 'timeout', 'bwlimit', 'suffix'],
};
const RSYNC_OUTPUTS = valueWriter(RSYNC_OPTIONS, ['log-file', 'write-batch', 'only-write-batch']);

const WRITERS: Record<string, Writer> = {
  tee: operands(),
  cp: destination({ values: 'tS', longValues: ['target-directory', 'suffix'] }, false),
  install: destination({ values: 'tSmogs', longValues: ['target-directory', 'suffix', 'mode', 'owner', 'group'] }, false),
  ln: destination({ values: 'tS', longValues: ['target-directory', 'suffix'] }, false),
  mv: destination({ values: 'tS', longValues: ['target-directory', 'suffix'] }, true),
  rsync: (args) => [...operandFields(args, parseArgs(args, RSYNC_OPTIONS)).slice(-1).filter((f) => !/^[^/]*:/.test(f.text)), ...RSYNC_OUTPUTS(args)],
  scp: (args) => operandFields(args, parseArgs(args, { values: 'cFiJlOoPSDX' })).slice(-1).filter((f) => !/^[^/]*:/.test(f.text)),
  dd: (args) => args.filter((a) => a.text.startsWith('of=')).map((a) => ({ ...a, text: a.text.slice(3), path: a.path.slice(3) })),
  truncate: CHANGES_OPERANDS, touch: operands({ values: 'dtr' }), rm: operands(), unlink: operands(), shred: CHANGES_OPERANDS,
  rmdir: operands(), mkdir: operands({ values: 'm' }), mknod: operands({ values: 'm' }), mkfifo: operands({ values: 'm' }),
  chmod: CHANGES_AFTER_MODE, chown: CHANGES_AFTER_MODE, chgrp: CHANGES_AFTER_MODE,
  chattr: (args) => args.filter((a) => !/^[-+=]/.test(a.text)),
  setfacl: (args) => operandFields(args, parseArgs(args, { values: 'mMxX', longValues: ['modify', 'modify-file', 'remove', 'remove-file', 'set', 'set-file'] })),
  curl: curlWrites,
  wget: valueWriter(WGET_OPTIONS, ['O', 'o', 'a', 'P', 'output-document', 'output-file', 'append-output', 'directory-prefix', 'save-cookies']),
  sort: valueWriter(SORT_OPTIONS, ['o', 'output']),
  time: valueWriter({ values: 'of', longValues: ['output', 'format'], stopAtOperand: true }, ['o', 'output']),
  tar: tarWrites,
  unzip: unzipExtracts,
  uniq: (args) => operandFields(args, parseArgs(args, { values: 'fsw' })).slice(1, 2),
  find: findOutputs,
  sed: (args) => [...inPlace(args, 'sed'), ...sedScriptFiles(args).writes],
  perl: (args) => inPlace(args, 'perl'),
  visudo: valueWriter({ values: 'fx', longValues: ['file', 'export'] }, ['f', 'file', 'x', 'export']),
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
for (const editor of EDITORS) WRITERS[editor] = (args) => [...editedFiles(args, editor), ...editorWrites(args, editor)];
for (const compressor of ['gzip', 'gunzip', 'bzip2', 'bunzip2', 'xz', 'unxz', 'zstd']) {
  WRITERS[compressor] = (args) => (args.some((a) => a.text === '-c' || a.text === '--stdout') ? [] : args.filter((a) => !a.text.startsWith('-')));
}

for (const [name, writer] of Object.entries(KNOWN_OUTPUTS)) WRITERS[name] = writer;

/** True when the classifier knows every file the program writes from its arguments (its table here). */
export function knowsWrites(name: string): boolean {
  return own(WRITERS, name) !== undefined;
}

/** Files the command writes or changes by its table; empty for commands not known to write. */
export function writePathsOf(found: Found): Field[] {
  const writer = own(WRITERS, found.name) ?? own(OUTPUT_OPTIONS, found.name);
  return writer ? writer(found.args) : [];
}

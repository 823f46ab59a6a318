// Which arguments of a command are files whose contents it outputs or sends somewhere: cat's
// operands, grep's files after the pattern, cp's sources, dd if=, curl -d @file, and so on.
import { ANY_NAME, fieldFrom, type Field } from './fields.ts';
import type { Found } from './model.ts';
import { isLong, operandFields, parseArgs, type OptionSpec } from './options.ts';
import { CURL_SHORT_VALUES, TAR_OPTIONS, WGET_OPTIONS } from './option-specs.ts';
import { editedFiles, EDITORS } from './editors.ts';
import { opensslValues } from './openssl-args.ts';
import { own } from './own.ts';
import { PLAIN_READERS } from './plain-readers.ts';
import { unbundleTar } from './tar-args.ts';
import { operandsInDirectories } from './tar-directories.ts';
import { sourcedAt } from './wrappers-shell.ts';

export interface ReadPath {
  field: Field;
  /** The command descends into directories given here. */
  recursive: boolean;
}

type Reader = (args: readonly Field[], name: string) => ReadPath[];

const flat = (fields: Field[], recursive = false): ReadPath[] => fields.map((field) => ({ field, recursive }));
const synthetic = (path: string, text: string): Field => ({ text, path, parts: [], dynamic: false, glob: false });

/** Every operand is a file (cat, head, base64, ...); option values are skipped. */
function operandsReader(spec: OptionSpec): Reader {
  return (args) => flat(operandFields(args, parseArgs(args, spec)).filter((f) => f.text !== '-'));
}

/** grep-like: the first operand is the pattern unless -e/-f gives it. */
function grepReader(args: readonly Field[], name: string): ReadPath[] {
  const parsed = parseArgs(args, {
    values: 'efmABCDdX',
    longValues: ['regexp', 'file', 'max-count', 'after-context', 'before-context', 'context', 'devices', 'directories',
      'include', 'exclude', 'exclude-dir', 'exclude-from', 'label', 'binary-files', 'group-separator'],
    numericOperands: false,
  });
  const given = ['e', 'f', 'regexp', 'file'].some((o) => parsed.seen.has(o));
  const files = operandFields(args, parsed).slice(given ? 0 : 1);
  const recursive = name === 'rgrep' || ['r', 'R', 'recursive', 'dereference-recursive'].some((o) => parsed.seen.has(o)) ||
    parsed.values.get('directories')?.includes('recurse') === true;
  const patternFiles = [...(parsed.valueFields.get('f') ?? []), ...(parsed.valueFields.get('file') ?? [])];
  const reads = [...flat(files, recursive), ...flat(patternFiles)];
  if (recursive && files.length === 0) reads.push({ field: synthetic('.', '.'), recursive: true });
  return reads;
}

/** ripgrep, ag, ack: recursive by default, the current directory when no path is given. */
function searchToolReader(args: readonly Field[]): ReadPath[] {
  const parsed = parseArgs(args, {
    values: 'eEfgjmMtTABCd',
    longValues: ['regexp', 'file', 'glob', 'iglob', 'type', 'type-not', 'max-count', 'after-context', 'before-context',
      'context', 'max-depth', 'encoding', 'pre', 'pre-glob', 'sort', 'sortr', 'threads', 'colors', 'ignore-file', 'replace'],
  });
  const given = ['e', 'f', 'regexp', 'file'].some((o) => parsed.seen.has(o));
  const files = operandFields(args, parsed).slice(given ? 0 : 1);
  return files.length > 0 ? flat(files, true) : [{ field: synthetic('.', '.'), recursive: true }];
}

/** sed and awk: the program comes first unless given with -e/-f (or --source). */
function scriptReader(spec: OptionSpec, programOptions: string[]): Reader {
  return (args) => {
    const parsed = parseArgs(args, spec);
    const given = programOptions.some((o) => parsed.seen.has(o));
    const files = operandFields(args, parsed).slice(given ? 0 : 1);
    return flat(files.filter((f) => f.text !== '-' && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(f.text)));
  };
}

/** cp/scp/rsync: every operand but the destination (all of them with -t DIR); remote paths skipped. */
function copyReader(spec: OptionSpec, recursiveOptions: string[]): Reader {
  return (args) => {
    const parsed = parseArgs(args, spec);
    const operands = operandFields(args, parsed);
    const target = parsed.seen.has('t') || parsed.seen.has('target-directory');
    const sources = target ? operands : operands.slice(0, -1);
    const recursive = recursiveOptions.some((o) => parsed.seen.has(o));
    return flat(sources.filter((f) => !/^[^/]*:/.test(f.text)), recursive);
  };
}

function tarReader(args: readonly Field[]): ReadPath[] {
  const unbundled = unbundleTar(args);
  const parsed = parseArgs(unbundled, TAR_OPTIONS);
  const creates = ['c', 'r', 'u', 'create', 'append', 'update'].some((o) => parsed.seen.has(o));
  if (!creates) return [];
  return flat(operandsInDirectories(unbundled, parsed), true);
}

/** curl's options whose value names a file to send: @file (or <file for a form field); --data-urlencode takes name@file. */
const CURL_DATA = ['data', 'data-binary', 'data-ascii', 'data-urlencode', 'form', 'json'];

/** The file a curl data or form value sends, if it names one. */
function curlDataFile(value: Field, urlencoded: boolean): Field | undefined {
  const m = urlencoded ? /^[^@]*@/.exec(value.text) : /^(?:[^@<=]*=)?[@<]/.exec(value.text);
  if (!m) return undefined;
  const file = fieldFrom(value, m[0].length);
  const cut = file.text.indexOf(';'); // "f=@file;type=text/plain"
  return cut < 0 ? file : { ...file, text: file.text.slice(0, cut), path: file.path.slice(0, file.path.indexOf(';') < 0 ? undefined : file.path.indexOf(';')) };
}

function curlReader(args: readonly Field[]): ReadPath[] {
  const files: Field[] = [];
  const data = (value: Field | undefined, urlencoded: boolean): void => {
    const file = value && curlDataFile(value, urlencoded);
    if (file) files.push(file);
  };
  args.forEach((field, i) => {
    const arg = field.text;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = CURL_DATA.find((n) => isLong(arg, n, n.length));
      if (name) data(eq < 0 ? args[i + 1] : fieldFrom(field, eq + 1), name === 'data-urlencode');
      // curl takes no "--name=value": these long options' value is the next word
      if ((isLong(arg, 'upload-file') || isLong(arg, 'config')) && eq < 0 && args[i + 1]) files.push(args[i + 1] as Field);
    }
    const url = /^file:\/\/(?:localhost)?(\/.*)$/i.exec(arg);
    if (url?.[1]) files.push(synthetic(url[1], url[1]));
  });
  // Short options, after flags (-sd @f, -sT f) or attached (-d@f, -T/etc/x)
  const short = parseArgs(args, { values: CURL_SHORT_VALUES });
  for (const value of [...(short.valueFields.get('d') ?? []), ...(short.valueFields.get('F') ?? [])]) data(value, false);
  files.push(...(short.valueFields.get('T') ?? []), ...(short.valueFields.get('K') ?? []));
  return flat(files.filter((f) => f.text !== '' && f.text !== '-'));
}

/** Options whose value is a file that is read and shown (date -f, xargs -a, wget --post-file), in every spelling getopt takes. */
function valueReader(spec: OptionSpec, options: readonly string[]): Reader {
  return (args) => {
    const parsed = parseArgs(args, spec);
    return flat(options.flatMap((o) => parsed.valueFields.get(o) ?? []).filter((f) => f.text !== '' && f.text !== '-'));
  };
}

/** openssl: the files its -in, -inkey and -key options name (openssl-args.ts: every spelling). */
function opensslReader(args: readonly Field[]): ReadPath[] {
  return flat(opensslValues(args, ['in', 'inkey', 'key']));
}

/**
 * jq: the filter comes first, the input files after it. With -f/--from-file (a flag in jq) every
 * operand is a file: the first holds the program. --rawfile/--slurpfile NAME FILE read FILE;
 * --arg/--argjson NAME VALUE name no file.
 */
function jqReader(args: readonly Field[]): ReadPath[] {
  const operands: Field[] = [];
  const valueFiles: Field[] = [];
  let fromFile = false;
  for (let i = 0; i < args.length; i++) {
    const field = args[i] as Field;
    const text = field.text;
    if (text === '--rawfile' || text === '--slurpfile') {
      const file = args[i + 2];
      if (file) valueFiles.push(file);
      i += 2;
    } else if (text === '--arg' || text === '--argjson') i += 2;
    else if (text === '--indent' || text === '-L') i++;
    else if (text === '--from-file' || /^-[a-zA-Z]*f[a-zA-Z]*$/.test(text)) fromFile = true;
    else if (!text.startsWith('-') || text === '-') operands.push(field);
  }
  const files = fromFile ? operands : operands.slice(1);
  return flat([...files.filter((f) => f.text !== '-'), ...valueFiles]);
}

function psReader(args: readonly Field[]): ReadPath[] {
  // BSD-style "e" (ps auxe, ps e), a word of letters with no dash, prints every process's environment
  const bsdEnvironment = args.some((a) => /^[a-zA-Z]*e[a-zA-Z]*$/.test(a.text));
  return bsdEnvironment ? [{ field: synthetic(`/proc/${ANY_NAME}/environ`, '/proc/*/environ'), recursive: false }] : [];
}

function getentReader(args: readonly Field[]): ReadPath[] {
  const database = args.find((a) => !a.text.startsWith('-'))?.text;
  return database === 'shadow' || database === 'gshadow' ? [{ field: synthetic(`/etc/${database}`, `/etc/${database}`), recursive: false }] : [];
}

function compressorReader(args: readonly Field[]): ReadPath[] {
  const toStdout = args.some((a) => a.text === '-c' || a.text === '--stdout' || /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a.text));
  return toStdout ? operandsReader({ values: 'S' })(args, '') : [];
}

const AWK = scriptReader({ values: 'fvFEie', longValues: ['file', 'assign', 'field-separator', 'source', 'include', 'exec'] }, ['f', 'E', 'e', 'file', 'source', 'exec']);

const READERS: Record<string, Reader> = {
  grep: grepReader, egrep: grepReader, fgrep: grepReader, zgrep: grepReader, rgrep: grepReader,
  rg: searchToolReader, ag: searchToolReader, ack: searchToolReader,
  sed: scriptReader({ values: 'efl', optional: 'i', longValues: ['expression', 'file', 'line-length'] }, ['e', 'f', 'expression', 'file']),
  awk: AWK, gawk: AWK, mawk: AWK, nawk: AWK,
  cp: copyReader({ values: 'tS', longValues: ['target-directory', 'suffix'] }, ['r', 'R', 'a', 'recursive', 'archive']),
  // a moved file or tree is re-exposed whole under its new name
  mv: (args, name) => copyReader({ values: 'tS', longValues: ['target-directory', 'suffix'] }, [])(args, name).map((read) => ({ ...read, recursive: true })),
  scp: copyReader({ values: 'cFiJlOoPSDX' }, ['r']),
  rsync: copyReader({ values: 'eBfT', longValues: ['rsh', 'rsync-path', 'exclude', 'include', 'filter', 'files-from'] }, ['r', 'a', 'recursive', 'archive']),
  tar: tarReader,
  curl: curlReader,
  // -i: the URLs to fetch; a line that is not one comes back quoted in an error
  wget: valueReader(WGET_OPTIONS, ['post-file', 'body-file', 'i', 'input-file']),
  openssl: opensslReader,
  date: valueReader({ values: 'dfr', optional: 'I', longValues: ['date', 'file', 'reference', 'set', 'iso-8601', 'rfc-3339', 'rfc-email', 'utc', 'universal', 'debug', 'resolution'] }, ['f', 'file']),
  dmesg: valueReader({ values: 'fFlns', longValues: ['facility', 'file', 'level', 'console-level', 'buffer-size', 'time-format', 'since', 'until'] }, ['F', 'file']),
  xargs: valueReader({ values: 'aEILnPsd', optional: 'eil', longValues: ['arg-file', 'delimiter', 'eof', 'replace', 'max-lines', 'max-args', 'max-procs', 'max-chars', 'process-slot-var'] }, ['a', 'arg-file']),
  dd: (args) => args.filter((a) => a.text.startsWith('if=')).map((a) => ({ field: { ...a, text: a.text.slice(3), path: a.path.slice(3) }, recursive: false })),
  ps: psReader,
  getent: getentReader,
  source: sourcedFile,
  '.': sourcedFile,
  diff: (args) => flat(operandFields(args, parseArgs(args, {})), args.some((a) => /^-[a-zA-Z]*r/.test(a.text) || a.text === '--recursive')),
  zip: (args) => flat(operandFields(args, parseArgs(args, { values: 'bnPtx' })).slice(1), args.some((a) => /^-[a-zA-Z]*r/.test(a.text))),
  jq: jqReader,
  gzip: compressorReader, bzip2: compressorReader, xz: compressorReader, zstd: compressorReader, lz4: compressorReader,
};

for (const [name, spec] of Object.entries(PLAIN_READERS)) READERS[name] = operandsReader({ ...spec, numericOperands: true });
// xxd IN OUT, split IN PREFIX: the second operand names what they write (output-options.ts)
for (const name of ['xxd', 'split']) {
  const reader = READERS[name];
  if (reader) READERS[name] = (args, n) => reader(args, n).slice(0, 1);
}
for (const name of EDITORS) READERS[name] = (args, n) => flat(editedFiles(args, n));

/** source FILE, . FILE: the file it runs, after a "--" that ends its options. */
function sourcedFile(args: readonly Field[]): ReadPath[] {
  const at = sourcedAt(args);
  return flat(args.slice(at, at + 1));
}

/** Files the command outputs or sends; empty for commands that are not readers. */
export function readPathsOf(found: Found): ReadPath[] {
  const reader = own(READERS, found.name);
  return reader ? reader(found.args, found.name) : [];
}

/** True when the command outputs file contents (so unknown operands matter). */
export function isReader(name: string): boolean {
  return own(READERS, name) !== undefined;
}

// Programs' own output options: the file a program writes because an option (or an operand in a
// set place) names it, `psql -o FILE`, `ssh-keygen -f FILE`, `curl -D FILE`, `xxd IN OUT`. Two
// tables: outputs that complete what the classifier knows of a program (its readers, read-only
// checks or name-only uses), and outputs of programs it knows no more of, whose other arguments
// may still hold code that writes (psql -c '\o FILE'), so named-writes.ts judges those too.
import { literalField, type Field } from './fields.ts';
import { isLong, operandFields, parseArgs, type OptionSpec } from './options.ts';
import { opensslValues } from './openssl-args.ts';
import { SPLIT_OPTIONS, SSH_OPTIONS } from './option-specs.ts';
import { PLAIN_READERS } from './plain-readers.ts';

export type Writer = (args: readonly Field[]) => Field[];

const named = (fields: readonly Field[]): Field[] => fields.filter((f) => f.text !== '' && f.text !== '-');

/** Options whose value is a file the command writes, in every spelling getopt takes (-o F, -oF, -so F, --output=F, --out F). */
export function valueWriter(spec: OptionSpec, options: readonly string[]): Writer {
  return (args) => {
    const parsed = parseArgs(args, spec);
    return named(options.flatMap((o) => parsed.valueFields.get(o) ?? []));
  };
}

/** The operand at `index` (xxd IN OUT, zip ARCHIVE FILE...). */
function operandWriter(spec: OptionSpec, index: number): Writer {
  return (args) => named(operandFields(args, parseArgs(args, spec)).slice(index, index + 1));
}

/**
 * The files split and csplit write are named from a prefix (PREFIXaa, PREFIX00; xaa or xx00 here):
 * the prefix stands for them, so one in sudoers.d is a sudoers write (and /etc/passwd as a prefix
 * is judged as /etc/passwd, the strict side).
 */
function prefixed(prefix: Field | undefined, fallback: string): Field[] {
  return [prefix ?? literalField(fallback)];
}

// ssh-keygen writes -f's key, known_hosts (-R, -H) or KRL (-k), except in the modes that only print or check it
const KEYGEN_READS = ['l', 'y', 'B', 'e', 'i', 'F', 'Q', 'D', 'L', 'Y'];
const KEYGEN: OptionSpec = { flags: 'ABHKLQUXceghiklopquvy', values: 'CDEFIMNOPRVYZabfgjmnrstwz' };

/** Outputs that complete the classifier's knowledge of programs it otherwise knows as readers or read-only. */
export const KNOWN_OUTPUTS: Record<string, Writer> = {
  shuf: valueWriter(PLAIN_READERS.shuf ?? {}, ['o', 'output']),
  iconv: valueWriter(PLAIN_READERS.iconv ?? {}, ['o', 'output']),
  xxd: operandWriter(PLAIN_READERS.xxd ?? {}, 1),
  diff: valueWriter({ longValues: ['output'] }, ['output']),
  sdiff: valueWriter(PLAIN_READERS.sdiff ?? {}, ['o', 'output']),
  less: valueWriter(PLAIN_READERS.less ?? {}, ['o', 'O', 'log-file', 'LOG-FILE']),
  more: valueWriter(PLAIN_READERS.more ?? {}, ['o', 'O', 'log-file', 'LOG-FILE']),
  journalctl: valueWriter({ longValues: ['cursor-file'] }, ['cursor-file']),
  ssh: (args) => [
    ...valueWriter(SSH_OPTIONS, ['E'])(args),
    ...(parseArgs(args, SSH_OPTIONS).valueFields.get('o') ?? []).flatMap((o) => {
      const m = /^\s*UserKnownHostsFile\s*[=\s]\s*/i.exec(o.text);
      return m ? [{ ...o, text: o.text.slice(m[0].length), path: o.path.slice(m[0].length) }] : [];
    }),
  ],
  'ssh-keygen': (args) => {
    const parsed = parseArgs(args, KEYGEN);
    return KEYGEN_READS.some((o) => parsed.seen.has(o)) ? [] : named(parsed.valueFields.get('f') ?? []);
  },
  openssl: (args) => named(opensslValues(args, ['out', 'keyout'])),
  mount: (args) => operandFields(args, parseArgs(args, { values: 'oOtTLUN', longValues: ['options', 'types', 'target', 'source', 'fstab'] })).slice(1).slice(-1),
  yq: (args) => {
    const parsed = parseArgs(args, { values: 'IopPe', longValues: ['indent', 'output-format', 'input-format', 'expression'] });
    if (!parsed.seen.has('i') && !parsed.seen.has('inplace')) return [];
    return operandFields(args, parsed).slice(parsed.seen.has('e') || parsed.seen.has('expression') ? 0 : 1);
  },
  // -sf (--show-files) only lists what it would add
  zip: (args) => (args.some((a) => a.text === '-sf' || isLong(a.text, 'show-files')) ? [] : operandWriter({ values: 'bnPstx' }, 0)(args)),
  split: (args) => {
    const parsed = parseArgs(args, SPLIT_OPTIONS);
    return parsed.seen.has('filter') ? [] : prefixed(operandFields(args, parsed)[1], 'x');
  },
  csplit: (args) => {
    const parsed = parseArgs(args, PLAIN_READERS.csplit ?? {});
    return prefixed([...(parsed.valueFields.get('f') ?? []), ...(parsed.valueFields.get('prefix') ?? [])].at(-1), 'xx');
  },
};

const PSQL: OptionSpec = {
  values: 'cdfFhLoPpRTUv',
  longValues: ['command', 'dbname', 'file', 'field-separator', 'host', 'log-file', 'output', 'pset', 'port', 'record-separator', 'table-attr', 'username', 'set', 'variable'],
};
const DUMP: OptionSpec = {
  values: 'dEfFhjnNpStTUxZ',
  longValues: ['dbname', 'encoding', 'file', 'format', 'host', 'jobs', 'schema', 'exclude-schema', 'port', 'superuser', 'table', 'exclude-table', 'username', 'compress', 'role'],
};

/** Outputs of programs the classifier knows no more of: named-writes.ts still reads their other arguments. */
export const OUTPUT_OPTIONS: Record<string, Writer> = {
  psql: valueWriter(PSQL, ['o', 'output', 'L', 'log-file']),
  pg_dump: valueWriter(DUMP, ['f', 'file']),
  pg_dumpall: valueWriter(DUMP, ['f', 'file']),
  mysqldump: valueWriter({ values: 'uhPSwrT', optional: 'p', longValues: ['result-file', 'user', 'host', 'port', 'socket', 'where', 'tab'] }, ['r', 'result-file']),
  gpg: valueWriter({ values: 'orRuz', longValues: ['output', 'recipient', 'local-user', 'homedir'] }, ['o', 'output']),
  strace: valueWriter({ values: 'abeEIoOpPsSuUX', longValues: ['output'], stopAtOperand: true }, ['o', 'output']),
  ltrace: valueWriter({ values: 'aAeDflnopsSuwx', longValues: ['output'], stopAtOperand: true }, ['o', 'output']),
  tcpdump: valueWriter({ values: 'BcCdDEFGiMmrsTVwWyz', longValues: ['interface'] }, ['w']),
  patch: valueWriter({ values: 'BdDFgiopYrVz', longValues: ['output', 'reject-file', 'input', 'directory'] }, ['o', 'output', 'r', 'reject-file']),
};

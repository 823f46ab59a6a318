// Files a program loads as its code, its settings or its list of work: a shell's or python's
// script, sed -f, make -f, tar -T, ssh -F, sort, wc or du --files0-from, file -f (wget -i is among the readers). The program need not print such a file to leak
// it: its errors quote the lines it could not use ("line 1: root:$6$...: command not found"), so
// each one is a read, and a secret one a secret read.
import type { Field } from './fields.ts';
import { editorLoads } from './editors.ts';
import { inlineCode } from './interpreters.ts';
import type { Found } from './model.ts';
import { parseArgs, type OptionSpec } from './options.ts';
import { SORT_OPTIONS, TAR_OPTIONS } from './option-specs.ts';
import { own } from './own.ts';
import { unbundleTar } from './tar-args.ts';
import { SHELLS, shellFiles } from './wrappers-shell.ts';

interface LoadingOptions {
  /** The command's options that take a value, so that clusters (-nf FILE) parse as getopt does. */
  spec: OptionSpec;
  /** Those whose value is a file the command loads. */
  loads: readonly string[];
}

const AWK: LoadingOptions = { spec: { values: 'fvFEie', longValues: ['file', 'assign', 'field-separator', 'source', 'include', 'exec', 'load'] }, loads: ['f', 'file', 'E', 'exec', 'i', 'include'] };
const SSH_CONFIG = (values: string): LoadingOptions => ({ spec: { values }, loads: ['F'] });

const BY_OPTION: Record<string, LoadingOptions> = {
  sed: { spec: { values: 'efl', optional: 'i', longValues: ['expression', 'file', 'line-length'] }, loads: ['f', 'file'] },
  awk: AWK, gawk: AWK, mawk: AWK, nawk: AWK,
  make: { spec: { values: 'fCIjloW', longValues: ['file', 'makefile', 'directory', 'include-dir', 'jobs', 'load-average', 'old-file', 'assume-old', 'what-if', 'new-file', 'assume-new', 'eval', 'output-sync'] }, loads: ['f', 'file', 'makefile'] },
  psql: { spec: { values: 'cdfhLopUvPTFR', longValues: ['command', 'dbname', 'file', 'host', 'log-file', 'output', 'port', 'username', 'variable', 'set', 'pset', 'table-attr', 'field-separator', 'record-separator'] }, loads: ['f', 'file'] },
  tar: { spec: TAR_OPTIONS, loads: ['T', 'files-from'] },
  // GNU's list of files to work on: a list that is no list comes back whole in the error; and
  // lists of patterns or a magic file, read as well
  sort: { spec: SORT_OPTIONS, loads: ['files0-from'] },
  wc: { spec: { longValues: ['files0-from', 'total'] }, loads: ['files0-from'] },
  du: { spec: { values: 'BdtX', longValues: ['block-size', 'max-depth', 'threshold', 'exclude-from', 'exclude', 'time-style', 'files0-from'] }, loads: ['X', 'exclude-from', 'files0-from'] },
  file: { spec: { values: 'efFmP', longValues: ['exclude', 'exclude-quiet', 'files-from', 'separator', 'magic-file', 'parameter'] }, loads: ['f', 'files-from', 'm', 'magic-file'] },
  rsync: { spec: { values: 'eBfT', longValues: ['rsh', 'rsync-path', 'exclude', 'include', 'filter', 'files-from', 'exclude-from', 'include-from', 'password-file'] }, loads: ['files-from'] },
  ssh: SSH_CONFIG('BbcDEeFIiJLlmOopQRSWw'),
  scp: SSH_CONFIG('cFiJlOoPSDX'),
  sftp: SSH_CONFIG('BbcDFiJloPRSs'),
  node: { spec: { values: 'erpC', longValues: ['eval', 'print', 'require', 'import', 'loader', 'experimental-loader', 'conditions', 'input-type', 'title'] }, loads: ['r', 'require', 'import', 'loader', 'experimental-loader'] },
  php: { spec: { values: 'cdfztrBRE' }, loads: ['f'] },
};

/** find's expression words whose value is a file it loads (its starting points, one per NUL-ended name). */
const FIND_LOADS = new Set(['-files0-from']);

/** The files `found` loads to do its work; empty for commands that load none. */
export function loadedFiles(found: Found): Field[] {
  const files: Field[] = [];
  const byOption = own(BY_OPTION, found.name);
  if (byOption) {
    const args = found.name === 'tar' ? unbundleTar(found.args) : found.args;
    const parsed = parseArgs(args, byOption.spec);
    for (const option of byOption.loads) files.push(...(parsed.valueFields.get(option) ?? []));
  }
  if (found.name === 'find') files.push(...found.args.filter((_, i) => FIND_LOADS.has(found.args[i - 1]?.text ?? '')));
  if (SHELLS.has(found.name)) files.push(...shellFiles(found.args));
  files.push(...editorLoads(found.args, found.name));
  const script = inlineCode(found)?.script;
  if (script) files.push(script);
  return files.filter((f) => f.text !== '' && f.text !== '-');
}

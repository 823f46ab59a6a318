// The plain readers (cat, head, sort, column, ...): every operand is a file whose contents they
// output, and each one's own options, transcribed from its getopt string. An option read as taking
// a value when the tool reads it as a flag swallows the next word, the file (column -t /etc/shadow),
// so a letter or a long name takes a value here only where it takes one in every implementation
// (GNU, util-linux, BSD, busybox; an option one of them lacks makes that one refuse to run). A value
// missed only counts one more word as a file read. Long names are each tool's own: getopt resolves
// an abbreviation against them (fold --by is --bytes, a flag, not sort's --buffer-size).
import type { OptionSpec } from './options.ts';
import { SORT_OPTIONS, SPLIT_OPTIONS } from './option-specs.ts';

/** Readers whose options take no value anywhere (or whose values are never a file's place). */
const NO_VALUES = ['cat', 'tac', 'most', 'hexdump', 'hd', 'uuencode', 'zcat', 'bzcat', 'xzcat', 'zstdcat', 'lz4cat',
  'zless', 'zmore', 'rev', 'cmp', 'comm', 'yq', 'bat', 'batcat', 'look'];

const BASE_ENCODER: OptionSpec = { values: 'w', longValues: ['wrap'] };
const PAGER: OptionSpec = {
  values: 'bhjkoOpPtTxyz#',
  longValues: ['log-file', 'LOG-FILE', 'lesskey-file', 'tag', 'pattern', 'prompt', 'tabs', 'window', 'shift', 'max-back-scroll', 'max-forw-scroll', 'jump-target'],
};
const TABS: OptionSpec = { values: 't', longValues: ['tabs'] };

export const PLAIN_READERS: Record<string, OptionSpec> = {
  ...Object.fromEntries(NO_VALUES.map((name) => [name, {}])),
  head: { values: 'nc', longValues: ['lines', 'bytes'] },
  tail: { values: 'ncs', longValues: ['lines', 'bytes', 'sleep-interval', 'pid', 'max-unchanged-stats'] },
  sort: SORT_OPTIONS,
  cut: { values: 'bcdf', longValues: ['bytes', 'characters', 'delimiter', 'fields', 'output-delimiter'] },
  uniq: { values: 'fsw', longValues: ['skip-fields', 'skip-chars', 'check-chars'] },
  // -w[BYTES] and --width[=BYTES]: the value only attached
  od: { values: 'AjNSt', optional: 'w', longValues: ['address-radix', 'endian', 'skip-bytes', 'read-bytes', 'format'] },
  // --bytes counts bytes here, a flag
  fold: { values: 'w', longValues: ['width'] },
  xxd: { values: 'clgso' },
  base64: BASE_ENCODER, base32: BASE_ENCODER, basenc: BASE_ENCODER,
  strings: { values: 'nt', longValues: ['bytes', 'radix'] },
  split: SPLIT_OPTIONS,
  // util-linux; -t (table) and -d (no headings) are flags, -n is a flag in older column
  column: {
    values: 'cCEHilNOoprRsTW',
    longValues: ['output-width', 'table-column', 'table-noextreme', 'table-hide', 'tree-id', 'table-columns-limit', 'table-columns', 'table-name',
      'table-order', 'output-separator', 'tree-parent', 'tree', 'table-right', 'separator', 'table-truncate', 'table-wrap'],
  },
  // -p (no renumbering) is a flag
  nl: {
    values: 'bdfhilnsvw',
    longValues: ['body-numbering', 'section-delimiter', 'footer-numbering', 'header-numbering', 'line-increment', 'join-blank-lines',
      'number-format', 'number-separator', 'starting-line-number', 'number-width'],
  },
  paste: { values: 'd', longValues: ['delimiters'] },
  pr: { values: 'DhlNowW', optional: 'einsS', longValues: ['pages', 'columns', 'date-format', 'header', 'indent', 'length', 'first-line-number', 'width', 'page-width'] },
  fmt: { values: 'wpg', longValues: ['width', 'prefix', 'goal'] },
  // -e (echo the operands) is a flag
  shuf: { values: 'nio', longValues: ['head-count', 'input-range', 'output', 'random-source'] },
  // -c (drop what cannot be converted) is a flag
  iconv: { values: 'fto', longValues: ['from-code', 'to-code', 'output'] },
  // less's -o/-O/--log-file name the file it copies its input to (output-options.ts); -K is a flag
  less: PAGER, more: PAGER,
  // -o names the merged file it writes, -f the prefix of the pieces (output-options.ts)
  sdiff: { values: 'owI', longValues: ['output', 'width', 'ignore-matching-lines', 'diff-program'] },
  csplit: { values: 'bfn', longValues: ['suffix-format', 'prefix', 'digits'] },
  expand: TABS,
  unexpand: TABS,
};

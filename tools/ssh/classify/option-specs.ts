// The options of commands that more than one part of the classifier reads (what they read, what
// they write, whether they are read-only), so that each part parses a line as getopt would, the
// same way: a value taken from the wrong word would hide a file.
import type { OptionSpec } from './options.ts';

export const TAR_OPTIONS: OptionSpec = {
  values: 'fbCTXKNgVIF',
  longValues: ['file', 'directory', 'files-from', 'exclude-from', 'exclude', 'transform', 'use-compress-program', 'to-command'],
  longFlags: ['extract', 'get', 'create', 'append', 'update', 'list', 'to-stdout'],
};

export const WGET_OPTIONS: OptionSpec = {
  values: 'oaOiBPeUtTwQlAIXRDYh',
  longValues: ['output-file', 'append-output', 'output-document', 'input-file', 'base', 'directory-prefix', 'execute', 'user-agent', 'tries', 'timeout',
    'wait', 'quota', 'level', 'accept', 'reject', 'include-directories', 'exclude-directories', 'domains', 'header', 'post-data', 'post-file', 'body-file', 'user', 'password'],
};

export const SORT_OPTIONS: OptionSpec = {
  values: 'kotST',
  longValues: ['key', 'output', 'field-separator', 'buffer-size', 'temporary-directory', 'compress-program', 'files0-from', 'random-source', 'parallel', 'batch-size'],
};

// -d (numeric suffixes) is a flag; -t takes the separator; --filter takes a shell command
export const SPLIT_OPTIONS: OptionSpec = {
  values: 'abClnt',
  longValues: ['suffix-length', 'additional-suffix', 'bytes', 'line-bytes', 'lines', 'number', 'separator', 'filter'],
};

/** curl's short options that take a value; its long options take no "=value", only the next word. */
export const CURL_SHORT_VALUES = 'AbcCdDeEFHKmoPQrtTuUwxXyYz';

// The options of commands that more than one part of the classifier reads (what they read, what
// they write, whether they are read-only), so that each part parses a line as getopt would, the
// same way: a value taken from the wrong word would hide a file.
import type { OptionSpec } from './options.ts';

export const TAR_OPTIONS: OptionSpec = {
  values: 'fbCTXKNgVIF',
  longValues: ['file', 'directory', 'files-from', 'exclude-from', 'exclude', 'transform', 'use-compress-program', 'to-command', 'listed-incremental', 'index-file'],
  longFlags: ['extract', 'get', 'create', 'append', 'update', 'list', 'to-stdout'],
};

export const WGET_OPTIONS: OptionSpec = {
  values: 'oaOiBPeUtTwQlAIXRDYh',
  longValues: ['output-file', 'append-output', 'output-document', 'input-file', 'base', 'directory-prefix', 'execute', 'user-agent', 'tries', 'timeout',
    'wait', 'quota', 'level', 'accept', 'reject', 'include-directories', 'exclude-directories', 'domains', 'header', 'post-data', 'post-file', 'body-file', 'user', 'password', 'save-cookies', 'load-cookies'],
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

/** ssh's options: its own end at the host, where the remote command begins. */
export const SSH_OPTIONS: OptionSpec = { flags: '46AaCfGgKkMNnqsTtVvXxYy', values: 'BbcDEeFIiJLlmOopQRSWw', stopAtOperand: true };

/** curl's short options that take a value; its long options take no "=value", only the next word. */
export const CURL_SHORT_VALUES = 'AbcCdDeEFHKmoPQrtTuUwxXyYz';

// Editors: the options that take a value, by family, so a value (a script, a terminal name) is
// never read as the file being edited, and the files an option loads are known.
export const VIM_OPTIONS: OptionSpec = {
  values: 'cSTuUiwWsqt',
  // -V[N][file]: its value only ever attached
  optional: 'V',
  longValues: ['cmd', 'startuptime', 'servername', 'remote', 'remote-silent', 'remote-wait', 'remote-wait-silent', 'remote-send', 'remote-expr', 'remote-tab', 'log'],
};
export const NANO_OPTIONS: OptionSpec = {
  values: 'fCoYTrQXsJ',
  longValues: ['rcfile', 'backupdir', 'operatingdir', 'syntax', 'tabsize', 'fill', 'quotestr', 'wordchars', 'speller', 'guidestripe', 'bracketpairs', 'punct'],
};
export const EMACS_OPTIONS: OptionSpec = {
  values: 'lLtdfu',
  longValues: ['load', 'directory', 'terminal', 'display', 'funcall', 'user', 'eval', 'execute', 'script', 'insert', 'chdir', 'init-directory', 'file', 'find-file', 'visit', 'dump-file', 'color', 'name', 'title', 'bg', 'fg', 'font', 'geometry'],
};

/** Each editor's options; an editor not named here takes no option with a value. */
export const EDITOR_OPTIONS: Record<string, OptionSpec> = {
  vi: VIM_OPTIONS, vim: VIM_OPTIONS, nvim: VIM_OPTIONS, view: VIM_OPTIONS, ex: VIM_OPTIONS, vimdiff: VIM_OPTIONS, rvim: VIM_OPTIONS,
  nano: NANO_OPTIONS, pico: NANO_OPTIONS, rnano: NANO_OPTIONS,
  emacs: EMACS_OPTIONS,
  ed: { values: 'p' }, micro: {}, joe: {}, mcedit: {},
};

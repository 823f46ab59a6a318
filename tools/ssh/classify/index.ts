// The shell-line classifier's public surface: load the grammar once, then classify, shape and
// summarize lines synchronously. Used by the SSH pack and by Kubernetes exec.
export { initShellParser } from './parser.ts';
export { classifyShellLine, failedShellFacts } from './classify.ts';
export {
  ShellFactsSchema,
  ShellCommandSchema,
  ShellRedirectSchema,
  ShellDangerSchema,
  SHELL_DANGERS,
  type ShellFacts,
  type ShellCommand,
  type ShellRedirect,
  type ShellDanger,
} from './schema.ts';
export { shellShape, widenedShellShape } from './shape.ts';
export { summarizeShellLine } from './summary.ts';

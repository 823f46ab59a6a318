// The facts a shell line yields for policy: declared once here; the TypeScript type, the policy
// fact reference and any JSON schema come from this declaration. Field names are a contract.
import { z } from 'zod';

/** Catastrophic command families; a policy denies any of them. */
export const SHELL_DANGERS = [
  'recursive_delete_root',
  'disk_write',
  'format_disk',
  'fork_bomb',
  'power',
  'firewall_flush',
  'reverse_shell',
  'download_exec',
  'sudoers_write',
  'passwd_write',
  'chmod_root',
  'kill_all',
  'history_tamper',
  'crontab_remove',
] as const;

export const ShellDangerSchema = z
  .enum(SHELL_DANGERS)
  .describe('A catastrophic command family the line contains.');

export const ShellCommandSchema = z.object({
  name: z
    .string()
    .describe('Command name as bash resolves it: unquoted, basename (/usr/bin/rm -> rm); "<dynamic>" when built at run time.'),
  path: z.string().describe('The command word as written, before unquoting.'),
  args: z
    .array(z.string())
    .describe('Arguments after brace expansion; unquoted where static, as written where built from expansions.'),
  dynamic: z
    .boolean()
    .describe('The name is built at run time from a variable, a substitution, a glob or a brace expansion.'),
  via: z
    .array(z.string())
    .describe('Wrappers the command was found behind, outermost first, e.g. ["sudo", "bash -c"].'),
  depth: z.number().describe('How many times a string was parsed again to find this command (0: the line itself).'),
});

export const ShellRedirectSchema = z.object({
  op: z.string().describe('The redirection operator as written: ">", ">>", "<", "&>", ">&", "<<", "<<<", ...'),
  target: z.string().describe('The target, unquoted where static; a file descriptor number for duplications.'),
  write: z.boolean().describe('The redirection opens a file for writing (not a descriptor duplication).'),
});

export const ShellFactsSchema = z.object({
  hasError: z
    .boolean()
    .describe('The line could not be read with certainty: a syntax error, a size or nesting limit, an odd character, or an internal failure.'),
  error: z.string().describe('Why hasError is true; empty otherwise.'),
  commands: z.array(ShellCommandSchema).describe('Every command the line would run, wrappers and nested commands included, in order.'),
  names: z.array(z.string()).describe('Distinct command names; includes "<dynamic>" when any name is dynamic.'),
  dynamic: z.boolean().describe('Some command name, or some code string handed to a shell, is only known at run time.'),
  redirects: z.array(ShellRedirectSchema).describe('Every redirection in the line, nested ones included.'),
  writesTo: z.array(z.string()).describe('Targets of writing redirections, unquoted.'),
  writePaths: z
    .array(z.string())
    .describe(
      'Every file the line writes: redirections, operands and output options of commands known to write (tee, cp/mv/install destinations, dd of=, sed -i, editors, psql -o, curl -D, ...), and any password, sudoers, history or crontab file a program the classifier does not know names.',
    ),
  readsPaths: z
    .array(z.string())
    .describe('Paths given to commands that output file contents (cat, head, grep, cp, tar, base64, ...) and input redirections.'),
  sensitiveReads: z
    .array(z.string())
    .describe('The read paths that may hold secrets: shadow files, sudoers, private keys, ~/.ssh, cloud credentials, kubeconfig, .env files, /proc/*/environ, raw disks, ..., and copies left beside them (.bak, ~, .dpkg-old, .1, ...)'),
  downloadPipedToInterpreter: z
    .boolean()
    .describe('Downloaded content runs as code: curl/wget piped into a shell or interpreter, bash <(curl ...), sh -c "$(curl ...)", or a downloaded file executed.'),
  interpreterCode: z
    .boolean()
    .describe('An interpreter runs inline code: python -c, perl -e, ruby -e, node -e, php -r, lua -e, code on stdin, or awk that runs commands.'),
  readOnly: z
    .boolean()
    .describe('Every command is a known read-only diagnostic with safe arguments, nothing is written except to /dev/null, no name is dynamic and the line parsed cleanly.'),
  readOnlyBlockers: z
    .array(z.string())
    .describe('Why readOnly is false, one short reason each (for explain and approvers).'),
  danger: z.array(ShellDangerSchema).describe('Catastrophic command families found, each once.'),
  parseDepth: z.number().describe('Deepest level of re-parsing used (bash -c, eval, ssh, ...); 0 when nothing was parsed again.'),
});

export type ShellFacts = z.infer<typeof ShellFactsSchema>;
export type ShellCommand = z.infer<typeof ShellCommandSchema>;
export type ShellRedirect = z.infer<typeof ShellRedirectSchema>;
export type ShellDanger = z.infer<typeof ShellDangerSchema>;

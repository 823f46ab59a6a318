// The SSH tool pack: ssh_exec runs a command line on a configured host, ssh_hosts lists the hosts.
// Classification parses the line with a real bash grammar (./classify); execution holds the keys
// and pins host keys (./connection, ./execute).
import { z } from 'zod';
import type { ToolPack } from '../../src/pipeline/toolpack.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { classifyShellLine, initShellParser, ShellFactsSchema, shellShape, summarizeShellLine, widenedShellShape } from './classify/index.ts';
import { SshConnectionConfigSchema, sshSecretKeys, type SshConnectionConfig } from './config.ts';
import { SshConnection } from './connection.ts';
import { executeSshCommand } from './execute.ts';

const ExecInput = z
  .object({
    host: z.string().min(1).describe('Name of the configured SSH host'),
    command: z.string().min(1).max(65_536).describe('The shell command line to run (as with `ssh host COMMAND`)'),
    timeout: z.number().int().min(1).max(3600).optional().describe('Seconds before the command is stopped (capped by policy)'),
  })
  .strict();

const HostsInput = z.object({}).strict();

export const sshPack: ToolPack<SshConnection, SshConnectionConfig> = {
  type: 'ssh',
  factsKey: 'shell',
  factsSchema: ShellFactsSchema,
  connectionSchema: SshConnectionConfigSchema,
  secretKeys: sshSecretKeys,
  tools: [
    {
      name: 'ssh_exec',
      title: 'Run a command on a host',
      description:
        'Runs a shell command line on a configured host over SSH, through gatehouse policy: read-only diagnostics run, risky commands ' +
        'wait for human review, destructive ones are refused. Returns stdout, stderr and the exit code (capped, masked).',
      input: ExecInput,
      targetArg: 'host',
      hints: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
    },
    {
      name: 'ssh_hosts',
      title: 'List SSH hosts',
      description: 'Lists the SSH hosts gatehouse can reach, with their labels.',
      input: HostsInput,
      hints: { readOnlyHint: true, openWorldHint: false },
    },
  ],
  init: initShellParser,
  open: (target, config, secrets, context) => new SshConnection(target, config, secrets, context ? { logger: context.logger } : {}),
  classify(tool, args) {
    if (tool === 'ssh_hosts') return { facts: { shell: classifyShellLine('true') }, readOnly: true, shape: 'ssh_hosts', summary: 'list hosts' };
    const line = String(args.command ?? '');
    const facts = classifyShellLine(line);
    const widenedShape = widenedShellShape(line);
    return { facts: { shell: facts }, readOnly: facts.readOnly, shape: shellShape(line), ...(widenedShape ? { widenedShape } : {}), summary: summarizeShellLine(line) };
  },
  async execute(call, ctx) {
    if (call.tool === 'ssh_hosts') {
      // Names and labels only: addresses and users stay inside.
      return { kind: 'document', value: { hosts: call.targets.map((t) => ({ name: t.name, labels: t.labels })) } };
    }
    if (!call.connection) throw new ToolError('unknown_target', 'no such host');
    const timeout = call.args.timeout as number | undefined;
    return executeSshCommand(call.connection, String(call.args.command), ctx, timeout ? { timeoutMs: timeout * 1000 } : {});
  },
};

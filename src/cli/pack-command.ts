// gatehouse <type> <command>: an operator command a tool pack offers (`gatehouse postgres
// masked-views`), run on one connection of that pack's type with the masking profile's column rules.
import { packs } from '../../tools/index.ts';
import type { PackCommand } from '../pipeline/toolpack.ts';
import { UsageError } from './args.ts';
import { columnRuleOf, loadOneConnection, onConnection, type ConnectionCommandOptions } from './connection-command.ts';

/** Whether some pack offers `gatehouse <type> <name>`. */
export function isPackCommand(type: string, name: string | undefined): boolean {
  return name !== undefined && packs.some((p) => p.type === type && Object.hasOwn(p.commands ?? {}, name));
}

export async function packCommand(type: string, name: string, options: ConnectionCommandOptions & Record<string, string | boolean | undefined>): Promise<void> {
  const one = loadOneConnection(options, (pack) => {
    if (pack?.type !== type) throw new UsageError(`connection "${options.connection}" is not a ${type} connection: gatehouse ${type} ${name} runs only on those`);
  });
  const command = one.config.connection.pack.commands?.[name] as PackCommand;
  const columnRule = columnRuleOf(one.profile);
  const out = await onConnection(one, (connection) =>
    command.run(connection, { options, columnStyle: (table, column) => columnRule(table, column)?.style, timeoutMs: one.config.parsed.limits.timeout }),
  );
  process.stdout.write(out);
}

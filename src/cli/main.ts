// The gatehouse command: parses the command line and hands off to one small module per command.
import { parseArgs } from 'node:util';
import { TerminalText } from '../render/terminal.ts';
import { UsageError } from './args.ts';

const USAGE = `gatehouse: governed access for AI agents to PostgreSQL, SSH and Kubernetes

Usage:
  gatehouse serve [--config FILE] [--stdio | --http HOST:PORT]
  gatehouse demo [--port 7070] [--data DIR]
  gatehouse config check [--config FILE]
  gatehouse policy explain --tool NAME --args JSON [--as ID] [--groups a,b] [--target-labels k=v] [--config FILE]
  gatehouse policy test [FILES...] [--config FILE]
  gatehouse policy replicas [--since ISO] [--json]
  gatehouse approvals list [--all] [--json] | show ID | approve ID [--reason TEXT] [--grant MINUTES [--widen-files]] | deny ID --reason TEXT
  gatehouse keys new [--id ID] [--groups a,b]
  gatehouse console link [--server URL]
  gatehouse sessions list [--principal ID] [--since ISO] [--tool NAME] [--target NAME] [--effect E] [--format json]
  gatehouse sessions end SESSION [--reason TEXT] --server URL
  gatehouse principals suspend ID [--reason TEXT] | resume ID [--reason TEXT] | list [--json]
  gatehouse replay SESSION [--format text|json] [--speed N]
  gatehouse audit verify [--config FILE | --store FILE] [--checkpoints FILE | --sink FILE --public-key KEY]
  gatehouse audit keygen --out FILE | audit public-key [--config FILE]
  gatehouse audit prune [--config FILE] [--older-than 30d] [--dry-run]
  gatehouse audit export [--since ISO] [--follow] [--format jsonl]
  gatehouse login [--server URL] | logout [--server URL]

  gatehouse masking scan --connection NAME [--sample 1000] [--profile NAME] [--json] [--config FILE]
  gatehouse postgres masked-views --connection NAME [--schema gatehouse_masked] [--role gatehouse_agent] [--apply] [--profile NAME] [--config FILE]

  approvals, principals, sessions, replay, policy replicas and audit verify|export work through a server as yourself
  with --server URL (or $GATEHOUSE_SERVER, or server: in ~/.config/gatehouse/client.yaml), signing in
  with OIDC (gatehouse login) or an API key (--api-key-file FILE, $GATEHOUSE_API_KEY). Approve, deny,
  suspend, resume and sessions end go only that way. Reading may also use a store directly
  (--store FILE|env:NAME) or the local config's store (--config FILE).
`;

const OPTIONS = {
  config: { type: 'string' },
  stdio: { type: 'boolean' },
  http: { type: 'string' },
  port: { type: 'string' },
  data: { type: 'string' },
  store: { type: 'string' },
  server: { type: 'string' },
  'api-key-file': { type: 'string' },
  tool: { type: 'string' },
  args: { type: 'string' },
  as: { type: 'string' },
  groups: { type: 'string' },
  'target-labels': { type: 'string' },
  reason: { type: 'string' },
  id: { type: 'string' },
  grant: { type: 'string' },
  'widen-files': { type: 'boolean' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  principal: { type: 'string' },
  since: { type: 'string' },
  target: { type: 'string' },
  effect: { type: 'string' },
  format: { type: 'string' },
  speed: { type: 'string' },
  'older-than': { type: 'string' },
  'dry-run': { type: 'boolean' },
  follow: { type: 'boolean' },
  checkpoints: { type: 'string' },
  sink: { type: 'string' },
  'public-key': { type: 'string' },
  out: { type: 'string' },
  connection: { type: 'string' },
  sample: { type: 'string' },
  profile: { type: 'string' },
  schema: { type: 'string' },
  role: { type: 'string' },
  apply: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [command, sub] = positionals;
  if (values.help || !command) return void console.log(USAGE);
  // For these commands the second word is an argument, not a subcommand.
  const name = ['serve', 'demo', 'replay', 'login', 'logout'].includes(command) ? command : positionals.slice(0, 2).join(' ');
  switch (name) {
    case 'serve':
      return (await import('./serve.ts')).serve(values);
    case 'demo':
      return (await import('./demo.ts')).demo(values);
    case 'config check':
      return (await import('./check.ts')).configCheck(values);
    case 'policy explain':
      return (await import('./explain.ts')).explain(values);
    case 'policy test':
      return (await import('./policy-test.ts')).policyTest(positionals.slice(2), values);
    case 'policy replicas':
      return (await import('./policy-replicas.ts')).policyReplicas(values);
    case 'approvals list':
    case 'approvals show':
    case 'approvals approve':
    case 'approvals deny':
      return (await import('./approvals.ts')).approvalsCommand(sub, positionals[2], values);
    case 'sessions list':
      return (await import('./replay.ts')).sessionsList(values);
    case 'sessions end':
    case 'principals suspend':
    case 'principals resume':
    case 'principals list':
      return (await import('./kill-switch.ts')).killSwitchCommand(command as 'sessions' | 'principals', sub, positionals[2], values);
    case 'replay':
      return (await import('./replay.ts')).replay(positionals[1], values);
    case 'audit export':
      return (await import('./audit-export.ts')).auditExport(values);
    case 'login':
      return (await import('./login.ts')).login(values);
    case 'logout':
      return (await import('./login.ts')).logout(values);
    case 'keys new':
      return (await import('./keys.ts')).keysNew({ ...(values.id ? { id: values.id } : {}), ...(values.groups ? { groups: values.groups } : {}) });
    case 'audit verify':
      return (await import('./audit.ts')).auditVerify(values);
    case 'audit keygen':
      return (await import('./audit-keys.ts')).auditKeygen(values);
    case 'audit public-key':
      return (await import('./audit-keys.ts')).auditPublicKey(values);
    case 'audit prune':
      return (await import('./audit-prune.ts')).auditPrune(values);
    case 'console link':
      return (await import('./console-link.ts')).consoleLink(values);
    case 'masking scan':
      return (await import('./masking-scan.ts')).maskingScan(values);
    default: {
      // `gatehouse <type> <command>`: commands the tool packs offer, such as `postgres masked-views`.
      const packCommands = await import('./pack-command.ts');
      if (sub !== undefined && positionals.length === 2 && packCommands.isPackCommand(command, sub)) return packCommands.packCommand(command, sub, values);
      throw new UsageError(`unknown command "${positionals.join(' ')}"`);
    }
  }
}

// A reader that went away (`gatehouse replay ... | head`) ends the output, it is no failure: exit
// quietly and successfully, as a command ended by SIGPIPE does in a shell pipeline. Once, for every command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/** The usage lines of the command a person typed, or all of them when it names none we know. */
function usageOf(argv: readonly string[]): string {
  const command = argv.find((arg) => !arg.startsWith('-'));
  const lines = USAGE.split('\n').filter((line) => command !== undefined && line.startsWith(`  gatehouse ${command} `));
  return lines.length > 0 ? `Usage:\n${lines.join('\n')}\n(gatehouse --help lists every command)` : USAGE;
}

// Every error ends here, whatever it quotes (a session id, a server's refusal, a driver's message
// naming a table): its message is printed through the renderer, once; those who throw never render.
main(process.argv.slice(2)).catch((error: unknown) => {
  const message = new TerminalText().line((error as Error).message);
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`gatehouse: ${message}\n\n${usageOf(process.argv.slice(2))}`);
    process.exit(2);
  }
  console.error(`gatehouse: ${message}`);
  process.exit(1);
});

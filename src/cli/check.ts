// gatehouse config check: config, secret references, policies and masking profiles, all problems at once.
import { packs } from '../../tools/index.ts';
import { checkRuntime } from '../server/runtime.ts';
import { configPath, loadOrExit } from './args.ts';

export function configCheck(options: { config?: string }): void {
  const file = configPath(options.config);
  const config = loadOrExit(file, packs);
  const checked = checkRuntime(config, packs);
  if (!checked.ok) {
    console.error(`${file}: ${checked.problems.length} problem${checked.problems.length > 1 ? 's' : ''}`);
    for (const p of checked.problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log(`${file}: ok (${config.connections.size} connections, ${checked.policy.rules.length} rules from ${checked.policy.files.length} policy files)`);
}

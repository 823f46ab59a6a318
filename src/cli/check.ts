// gatehouse config check: config, secret references, policies and masking profiles, all problems at once.
import { packs } from '../../tools/index.ts';
import { loadConfigFile } from '../config/load.ts';
import { loadPolicyFiles } from '../policy/compile.ts';
import { checkRuntime } from '../server/runtime.ts';
import { sealKeyFileOf } from '../store/seal-key.ts';
import { configPath } from './args.ts';

export function configCheck(options: { config?: string }): void {
  const file = configPath(options.config);
  const loaded = loadConfigFile(file, packs);
  const checked = loaded.ok ? checkRuntime(loaded.config, packs) : undefined;
  if (loaded.ok && checked?.ok) {
    const { policy } = checked;
    console.log(`${file}: ok (${loaded.config.connections.size} connections, ${policy.rules.length} rules from ${policy.files.length} policy files)`);
    const { sealKey, previousSealKeys } = loaded.config;
    // How many keys, never which: a rotation is checked by its count.
    if (sealKey !== undefined) console.log(`approvals.sealKey: set, with ${previousSealKeys.length} previous keys${previousSealKeys.length > 0 ? ' (documents sealed under them still open; drop each once the store holds none)' : ''}`);
    // Not an error (a first setup has no key yet), but the audit chain then has no anchor outside the store.
    if (!loaded.config.checkpoints) console.error('note: audit.checkpoints.key is not set: nothing outside the store anchors the audit chain, so someone with write access to the store could rewrite or cut it undetected (README: Audit and replay, checkpoints)');
    if (loaded.config.store.kind === 'sqlite' && sealKey === undefined) {
      console.error(
        `note: approvals.sealKey is not set: approvals and grants are sealed with a key gatehouse keeps beside the store (${sealKeyFileOf(loaded.config.store.file)}), so someone who can read that file as well as write the store could forge them; set approvals.sealKey to a secret kept elsewhere (README: Approvals, sealed)`,
      );
    }
    // Deciding and the kill switch go only through the server, as a person: say so when nobody can sign in to its API.
    const { identity } = loaded.config.parsed;
    if (!identity.oidc && !identity.apiKeys.some((k) => k.kind === 'human')) {
      console.error(
        'note: no identity.oidc and no identity.apiKeys entry of kind human: nobody can approve, deny or use the kill switch from the CLI (they go only through the server, as yourself: --server URL); only the console with the one-time sign-in link can. Give each approver a key with gatehouse keys new --id NAME --groups GROUP (README: Approvals)',
      );
    }
    return;
  }
  // A config that does not load still has its policies checked, when it names them, so one run shows everything.
  const policies = !loaded.ok && loaded.policyFiles ? loadPolicyFiles(loaded.policyFiles, packs.map((p) => ({ key: p.factsKey, schema: p.factsSchema }))) : undefined;
  const problems = [...(loaded.ok ? [] : loaded.problems), ...(checked && !checked.ok ? checked.problems : []), ...(policies && !policies.ok ? policies.problems : [])];
  console.error(`${file}: ${problems.length} problem${problems.length > 1 ? 's' : ''}`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}

// Single-operator mode's principal: identity.cli from the config (the same person the CLI decides
// as), or, when none is configured, a fixed "operator" in the default approver groups.
import type { Principal } from '../identity/principal.ts';
import type { Runtime } from '../server/runtime.ts';

export function operatorPrincipal(runtime: Pick<Runtime, 'config'>): Principal {
  const { identity, approvals } = runtime.config.parsed;
  const cli = identity.cli;
  if (cli) return { id: cli.id, name: cli.name ?? cli.id, groups: [...cli.groups], kind: cli.kind };
  return { id: 'operator', name: 'operator', groups: [...approvals.defaultApprovers], kind: 'human' };
}

// gatehouse keys new: makes an API key, prints it once, and prints the config entry that admits it.
// The config holds only the key's SHA-256, so the key itself exists nowhere after this output.
import { generateApiKey, hashApiKey } from '../identity/api-keys.ts';
import { UsageError } from './args.ts';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$/;
const GROUP = /^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,127}$/;

export function keysNew(options: { id?: string; groups?: string }): void {
  const key = generateApiKey();
  const hash = hashApiKey(key);
  // Without --id the key is named after its hash, so two keys made that way never share an id.
  const id = options.id ?? `key-${hash.slice(0, 8)}`;
  if (!ID.test(id)) throw new UsageError(`--id "${id}": use letters, digits and _ . @ - (at most 128)`);
  const groups = (options.groups ?? '').split(',').map((g) => g.trim()).filter((g) => g !== '');
  const bad = groups.find((g) => !GROUP.test(g));
  if (bad !== undefined) throw new UsageError(`--groups: "${bad}" is not a valid group name (letters, digits and _ . : @ / -)`);

  console.log(`API key for ${id} (shown once; gatehouse keeps only its hash):\n\n  ${key}\n`);
  console.log('Send it as "Authorization: Bearer <key>" or "X-API-Key: <key>". Add this under identity.apiKeys:\n');
  // JSON strings are YAML strings: quoting keeps names with ":" or "@" from being read as syntax.
  console.log(`  - id: ${JSON.stringify(id)}`);
  console.log(`    groups: [${groups.map((g) => JSON.stringify(g)).join(', ')}]`);
  console.log(`    sha256: ${hash}`);
}

// The key an embedded store seals approvals with when the config names none: a random key in a file
// beside the SQLite file (mode 0600), made the first time. It serves one process and the CLI on the
// same host; it is only as far from a store insider as that file is, so approvals.sealKey (a secret
// kept elsewhere) is the stronger choice. A shared PostgreSQL store has no such fallback: replicas
// must share the key, and config refuses a PostgreSQL store without approvals.sealKey.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export const sealKeyFileOf = (storeFile: string): string => `${storeFile}.seal-key`;

export function sqliteSealKey(storeFile: string): string {
  const file = sealKeyFileOf(storeFile);
  try {
    // 'wx': never overwrite a key another process made first; its key is the one in force.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < 32) throw new Error(`the seal key file ${file} holds no key (at least 32 characters); remove it to have a new one made, or set approvals.sealKey`);
  return key;
}

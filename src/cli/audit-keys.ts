// gatehouse audit keygen --out FILE: makes the Ed25519 key pair that signs checkpoints, writes the
// private key (PEM, mode 0600, never over an existing file) and prints the public key for auditors.
// gatehouse audit public-key: prints the public key of the configured audit.checkpoints.key.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { packs } from '../../tools/index.ts';
import { keyId, rawPublicKey } from '../audit/checkpoint.ts';
import { configPath, loadOrExit, UsageError } from './args.ts';

export function auditKeygen(options: { out?: string }): void {
  if (!options.out) throw new UsageError('audit keygen needs --out FILE for the private key (keep it off the store host)');
  const file = resolve(options.out);
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'EEXIST' ? `${file} exists; gatehouse never overwrites a key` : `cannot write ${file} (${code ?? 'error'})`);
  }
  console.log(`private key written to ${file}; set audit.checkpoints.key: file:${file}\n`);
  printPublicKey(privateKey);
}

export function auditPublicKey(options: { config?: string }): void {
  const config = loadOrExit(configPath(options.config), packs);
  if (!config.checkpoints) throw new UsageError('the config sets no audit.checkpoints.key');
  printPublicKey(config.checkpoints.key);
}

function printPublicKey(key: KeyObject): void {
  console.log(`public key (key id ${keyId(key)}), for \`gatehouse audit verify --public-key\`:\n\n  ${rawPublicKey(key)}`);
}

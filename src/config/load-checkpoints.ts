// audit.checkpoints as the server uses it: the signing key read from its secret reference and parsed
// (a bad key fails the config check, never quoted), file targets resolved against the config file's
// directory, webhook URLs read from their references.
import type { KeyObject } from 'node:crypto';
import { resolve } from 'node:path';
import { privateKeyFrom } from '../audit/checkpoint.ts';
import type { ParsedConfig } from './schema.ts';

export interface CheckpointSettings {
  key: KeyObject;
  intervalMs: number;
  chain: string;
  files: string[];
  webhooks: string[];
}

type Resolve = (text: string, path: string) => string | undefined;

export function loadCheckpointSettings(cfg: NonNullable<ParsedConfig['audit']['checkpoints']>, dir: string, resolveRef: Resolve, problems: string[]): CheckpointSettings | undefined {
  const pem = resolveRef(cfg.key, 'audit.checkpoints.key');
  let key: KeyObject | undefined;
  if (pem !== undefined) {
    try {
      key = privateKeyFrom(pem);
    } catch (error) {
      problems.push(`audit.checkpoints.key: ${(error as Error).message}`);
    }
  }
  const webhooks = cfg.webhooks.flatMap((ref, i) => {
    const url = resolveRef(ref, `audit.checkpoints.webhooks.${i}`);
    if (url === undefined) return [];
    if (/^https?:\/\//.test(url)) return [url];
    problems.push(`audit.checkpoints.webhooks.${i}: the referenced value is not an http(s) URL`);
    return [];
  });
  if (!key) return undefined;
  return { key, intervalMs: cfg.interval, chain: cfg.chain, files: cfg.files.map((f) => resolve(dir, f)), webhooks };
}

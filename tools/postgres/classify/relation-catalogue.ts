// System relations whose mere use is a danger: views that read server files, catalogs that hold
// password hashes, and writes to catalogs (pg_settings is SET in disguise).
import type { DangerFlag } from './facts-schema.ts';

/** Reading these reads server configuration files. */
const FILE_VIEWS = new Set(['pg_file_settings', 'pg_hba_file_rules', 'pg_ident_file_mappings']);

/** Reading these reads password hashes or remote credentials. */
const CREDENTIAL_CATALOGS = new Set(['pg_authid', 'pg_shadow', 'pg_user_mappings', 'pg_user_mapping']);

export interface RelationEffect {
  flags: DangerFlag[];
  /** Writing this relation changes settings (which ones: settings-view.ts). */
  changesSettings: boolean;
}

/**
 * `schema` is undefined when the name was not qualified (it may then resolve to pg_catalog).
 * `inView`: read by a view being defined, through which later UPDATEs reach the relation.
 */
export function relationEffect(schema: string | undefined, name: string, written: boolean, inView = false): RelationEffect {
  const effect: RelationEffect = { flags: [], changesSettings: false };
  if (schema !== undefined && schema !== 'pg_catalog') return effect;
  if (FILE_VIEWS.has(name)) effect.flags.push('fileAccess');
  if (CREDENTIAL_CATALOGS.has(name)) effect.flags.push('credentialAccess');
  if ((written || inView) && name === 'pg_settings') {
    // UPDATE pg_settings SET setting = ... is set_config: which settings it changes says the rest.
    effect.flags.push('configChange');
    effect.changesSettings = true;
  } else if (written && name.startsWith('pg_')) {
    effect.flags.push('catalogWrite');
  }
  return effect;
}

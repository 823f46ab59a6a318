// Procedural languages and extensions, by what installing or using them lets a caller do.
import type { DangerFlag } from './facts-schema.ts';

/**
 * Untrusted languages: their code runs with the server's operating-system rights. By convention
 * their names end in "u" (plperlu, plpython3u, pltclu); c and internal load native code.
 */
const UNTRUSTED = new Set(['c', 'internal', 'plperlu', 'plpythonu', 'plpython2u', 'plpython3u', 'pltclu', 'plsh', 'plrustu', 'pljavau']);

export function isUntrustedLanguage(language: string): boolean {
  return UNTRUSTED.has(language) || /^pl.*u$/.test(language);
}

/** Extensions that hand out one of the dangers on their own (beyond extensionChange). */
const EXTENSION_DANGERS: Record<string, readonly DangerFlag[]> = {
  dblink: ['remoteAccess'], // arbitrary SQL on other servers (and on this one, as another user)
  postgres_fdw: ['remoteAccess'], // foreign tables on other servers
  file_fdw: ['fileAccess', 'programExecution'], // foreign tables over server files or program output
  adminpack: ['fileAccess'], // pg_file_write, pg_file_unlink, ...
  lo: ['largeObject'],
};

export function extensionDangers(name: string): readonly DangerFlag[] {
  const lower = name.toLowerCase();
  if (Object.hasOwn(EXTENSION_DANGERS, lower)) return EXTENSION_DANGERS[lower] as readonly DangerFlag[];
  // CREATE LANGUAGE plperlu is parsed as CREATE EXTENSION plperlu.
  if (isUntrustedLanguage(lower)) return ['programExecution'];
  return [];
}

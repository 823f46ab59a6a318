// Reading a verified token's claims: dot-path lookup (realm_access.roles), groups, display name and
// scopes. Pure functions over the payload; the signature and time checks happened before.

/** Walks a dot path through nested objects; undefined when any step is missing or not an object. */
export function claimAt(payload: Record<string, unknown>, path: string): unknown {
  let value: unknown = payload;
  for (const step of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    // Own properties only: a claim named "__proto__" or "constructor" must not reach Object.prototype.
    if (!Object.hasOwn(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

export type GroupsRead = { groups: string[]; problem?: 'missing' | 'not a list of strings' };

/** Groups from the claim: a list of strings, or one string. Anything else gives no groups, with the problem named. */
export function readGroups(payload: Record<string, unknown>, path: string): GroupsRead {
  const value = claimAt(payload, path);
  if (value === undefined) return { groups: [], problem: 'missing' };
  if (typeof value === 'string') return value === '' ? { groups: [] } : { groups: [value] };
  if (!Array.isArray(value)) return { groups: [], problem: 'not a list of strings' };
  const groups = value.filter((g): g is string => typeof g === 'string' && g !== '');
  return groups.length === value.length ? { groups } : { groups, problem: 'not a list of strings' };
}

/** A non-empty string claim, or undefined. */
export function stringClaim(payload: Record<string, unknown>, path: string): string | undefined {
  const value = claimAt(payload, path);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The configured name claim, then preferred_username, then the id. */
export function displayName(payload: Record<string, unknown>, nameClaim: string, id: string): string {
  return stringClaim(payload, nameClaim) ?? stringClaim(payload, 'preferred_username') ?? id;
}

/** Scopes from `scope` (RFC 8693/9068: space-separated) or `scp` (a list, or a string, as some IdPs send). */
export function readScopes(payload: Record<string, unknown>): string[] {
  const raw = payload['scope'] ?? payload['scp'];
  if (typeof raw === 'string') return raw.split(/\s+/).filter((s) => s !== '');
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === 'string' && s !== '');
  return [];
}

/** The OAuth client the token was issued to, for AuthInfo.clientId. */
export function clientIdOf(payload: Record<string, unknown>, fallback: string): string {
  return stringClaim(payload, 'azp') ?? stringClaim(payload, 'client_id') ?? fallback;
}

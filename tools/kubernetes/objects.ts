// What an object looks like when it leaves the pack: without bookkeeping noise (managedFields,
// the last-applied copy of the object) and, for Secrets, without their values. Secret values are
// replaced whatever the policy or masking profile says: gatehouse never hands them to an agent.
export const SECRET_REDACTED = '[REDACTED:secret]';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const NOISE_ANNOTATIONS = [LAST_APPLIED, 'deployment.kubernetes.io/revision-history'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Cleans one object in place and returns it. `isSecret` comes from the resolved resource, since list items carry no kind. */
export function cleanObject(object: unknown, isSecret: boolean): unknown {
  if (!isObject(object)) return object;
  const metadata = object.metadata;
  if (isObject(metadata)) {
    delete metadata.managedFields;
    delete metadata.selfLink;
    const annotations = metadata.annotations;
    if (isObject(annotations)) {
      for (const key of NOISE_ANNOTATIONS) delete annotations[key];
      if (Object.keys(annotations).length === 0) delete metadata.annotations;
    }
  }
  if (isSecret || object.kind === 'Secret') redactSecret(object);
  return object;
}

/** Keeps a Secret's keys (what it holds is useful) and drops every value, annotations included. */
function redactSecret(secret: Json): void {
  for (const field of ['data', 'stringData']) {
    const values = secret[field];
    if (isObject(values)) for (const key of Object.keys(values)) values[key] = SECRET_REDACTED;
    else if (values !== undefined && values !== null) secret[field] = SECRET_REDACTED;
  }
  const annotations = isObject(secret.metadata) ? secret.metadata.annotations : undefined;
  // Tools other than kubectl keep copies of the object in annotations too: none of them survive.
  if (isObject(annotations)) for (const key of Object.keys(annotations)) if (/applied|config|data|secret/i.test(key)) annotations[key] = SECRET_REDACTED;
}

/** A list answer: kind, the cleaned items, and the continue token when there is more. */
export function cleanList(list: unknown, isSecret: boolean): { kind: string; apiVersion: string; items: unknown[]; more: boolean; remaining?: number } {
  const value = isObject(list) ? list : {};
  const items = Array.isArray(value.items) ? value.items : [];
  const meta = isObject(value.metadata) ? value.metadata : {};
  const more = typeof meta.continue === 'string' && meta.continue !== '';
  const remaining = typeof meta.remainingItemCount === 'number' ? meta.remainingItemCount : undefined;
  return {
    kind: typeof value.kind === 'string' ? value.kind : 'List',
    apiVersion: typeof value.apiVersion === 'string' ? value.apiVersion : '',
    items: items.map((item) => cleanObject(item, isSecret)),
    more,
    ...(remaining !== undefined ? { remaining } : {}),
  };
}

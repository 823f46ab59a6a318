// The built-in "default" profile: every detector on with its default style (cards, emails and
// phones found in text partial, everything else redacted); columns that hold credentials and SSNs
// redacted whole, card number, email and phone columns partial (last 4 digits, the domain, the last
// 2 digits: enough to tell records apart); the same credential names masked inside JSON.
import type { ColumnProtection } from '../pipeline/toolpack.ts';
import { compileProtection } from './column-rules.ts';
import { ProfileSchema, type Profile } from './profile-schema.ts';

/** Column names that hold credentials: masked whole. */
const CREDENTIAL_COLUMNS = ['*password*', '*passwd*', '*secret*', '*token*', '*api_key*', '*apikey*', '*private_key*', '*credential*'];

/**
 * JSON keys that hold credentials. Narrower than the column names: documents such as Kubernetes
 * objects are full of keys that name a secret without holding one ("secret": {"secretName": ...},
 * "secretKeyRef"), so a bare "secret" key is left to the detectors.
 */
const CREDENTIAL_KEYS = [
  '*password*',
  '*passwd*',
  '*_secret',
  '*-secret',
  '*clientsecret',
  '*secret_key',
  '*secretkey',
  '*secret_access_key',
  '*secretaccesskey',
  '*token',
  '*api_key',
  '*apikey',
  '*private_key',
  '*privatekey',
  '*credentials',
  'authorization',
  'ssn',
];

export const DEFAULT_PROFILE_NAME = 'default';

export const DEFAULT_PROFILE: Profile = ProfileSchema.parse({
  columns: [
    ...CREDENTIAL_COLUMNS.map((match) => ({ match, style: 'redact' })),
    { match: 'ssn', style: 'redact' },
    { match: '*.card_number', style: 'partial' },
    { match: '*.email', style: 'partial' },
    { match: '*.phone', style: 'partial' },
  ],
  jsonKeys: CREDENTIAL_KEYS,
  phoneRegion: 'US',
});

/** The source columns the default profile protects. */
export const DEFAULT_PROTECTION: ColumnProtection = compileProtection(DEFAULT_PROFILE.columns);

// The built-in detector names, in one list: the config schema, the default styles and the
// scanner's priorities all key on these names.

export const BUILTIN_DETECTOR_NAMES = [
  'card',
  'iban',
  'ssn',
  'email',
  'phone',
  'aws_access_key',
  'aws_secret_key',
  'github_token',
  'slack_token',
  'stripe_key',
  'google_api_key',
  'openai_key',
  'anthropic_key',
  'vendor_token',
  'jwt',
  'private_key',
  'url_password',
  'password',
] as const;

export type BuiltinDetectorName = (typeof BUILTIN_DETECTOR_NAMES)[number];

/** Gatehouse's own secret values: always on, always redacted, not configurable. */
export const GATEHOUSE_SECRET = 'gatehouse_secret';

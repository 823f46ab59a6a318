// Every built-in detector with its defaults: the style it masks with unless a profile says
// otherwise, what "partial" keeps, how a value is normalized before pseudonymizing, and its
// priority when two matches overlap (the overlap is masked as one span under the higher one).
import type { CountryCode } from 'libphonenumber-js/max';
import type { MaskingStyle, PartialKind } from '../styles.ts';
import { cardDetector } from './card.ts';
import { asciiDigits } from './chars.ts';
import { createEmailDetector } from './email.ts';
import { normalizeEmail } from './email-text.ts';
import { compactIban, createIbanDetector } from './iban.ts';
import type { BuiltinDetectorName } from './names.ts';
import { createPhoneDetector } from './phone.ts';
import { anthropicKeyDetector } from './secrets/anthropic.ts';
import { awsAccessKeyDetector, awsSecretKeyDetector } from './secrets/aws.ts';
import { githubTokenDetector } from './secrets/github.ts';
import { googleApiKeyDetector } from './secrets/google.ts';
import { jwtDetector } from './secrets/jwt.ts';
import { openaiKeyDetector } from './secrets/openai.ts';
import { passwordAssignmentDetector } from './secrets/password-assignment.ts';
import { privateKeyDetector } from './secrets/private-key.ts';
import { slackTokenDetector } from './secrets/slack.ts';
import { stripeKeyDetector } from './secrets/stripe.ts';
import { urlPasswordDetector } from './secrets/url-password.ts';
import { vendorTokenDetector } from './secrets/vendor-tokens.ts';
import { ssnDetector } from './ssn.ts';
import type { Detector } from './types.ts';

export interface BuiltinDetectorInfo {
  defaultStyle: MaskingStyle;
  partial: PartialKind;
  priority: number;
  normalize?: (value: string) => string;
  create(options: { phoneRegion: CountryCode }): Detector;
}

const secret = (priority: number, detector: Detector): BuiltinDetectorInfo => ({
  defaultStyle: 'redact',
  partial: 'none',
  priority,
  create: () => detector,
});

export const BUILTIN_DETECTORS: Readonly<Record<BuiltinDetectorName, BuiltinDetectorInfo>> = {
  card: { defaultStyle: 'partial', partial: 'card', priority: 60, normalize: asciiDigits, create: () => cardDetector },
  iban: {
    defaultStyle: 'redact',
    partial: 'none',
    priority: 60,
    normalize: compactIban,
    create: () => createIbanDetector(),
  },
  ssn: { defaultStyle: 'redact', partial: 'none', priority: 55, normalize: asciiDigits, create: () => ssnDetector },
  email: {
    defaultStyle: 'partial',
    partial: 'email',
    priority: 50,
    normalize: normalizeEmail,
    create: () => createEmailDetector(),
  },
  phone: {
    defaultStyle: 'partial',
    partial: 'phone',
    priority: 40,
    normalize: asciiDigits,
    create: ({ phoneRegion }) => createPhoneDetector(phoneRegion),
  },
  aws_access_key: secret(75, awsAccessKeyDetector),
  aws_secret_key: secret(85, awsSecretKeyDetector),
  github_token: secret(75, githubTokenDetector),
  slack_token: secret(75, slackTokenDetector),
  stripe_key: secret(75, stripeKeyDetector),
  google_api_key: secret(75, googleApiKeyDetector),
  openai_key: secret(75, openaiKeyDetector),
  anthropic_key: secret(75, anthropicKeyDetector),
  vendor_token: secret(75, vendorTokenDetector),
  jwt: secret(75, jwtDetector),
  private_key: secret(90, privateKeyDetector),
  url_password: secret(85, urlPasswordDetector),
  // Below the vendor detectors: when both match one value, the more specific name is reported.
  password: secret(72, passwordAssignmentDetector),
};

/** Custom detectors rank above PII detectors and below every secret detector. */
export const CUSTOM_PRIORITY = 70;
/** Gatehouse's own secret values win every overlap. */
export const GATEHOUSE_SECRET_PRIORITY = 100;

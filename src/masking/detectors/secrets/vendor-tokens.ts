// Tokens of other services that carry a fixed prefix (gitleaks-style), under one detector name:
// GitLab, npm, PyPI, SendGrid, Hugging Face, Databricks, DigitalOcean, Shopify, Twilio, Mailgun,
// Atlassian, Postman, Grafana, Vault, Doppler, Linear, Notion, Figma, Sentry, New Relic, Pulumi,
// age, Docker Hub, 1Password, Tailscale, Supabase, PlanetScale, Square, Buildkite, Fly.io, and
// the account keys of Azure connection strings (only the key is masked). Each body has the length and alphabet the service
// issues, ends at a word's end, and where a prefix is also a common word part ("secret_", "key-")
// the body must look random, so identifiers such as secret_key_base are left.
import { looksRandom, prefixedTokenDetector } from './prefixed-token.ts';

const END = '(?![A-Za-z0-9_-])';

/** [prefix as a regex without groups, the body after it, whether the body must look random]. */
const TOKENS: ReadonlyArray<readonly [string, string, boolean]> = [
  ['gl(?:pat|dt|rt|ptt|ft|imt|oas|cbt|soat|ffct)-', '[A-Za-z0-9_.-]{20,300}', true],
  ['npm_', '[A-Za-z0-9]{36}', false],
  ['pypi-AgEIcHlwaS5vcmc', '[A-Za-z0-9_-]{50,1000}', false],
  ['SG\\.', '[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}', false],
  ['hf_', '[A-Za-z0-9]{34}', false],
  ['dapi', '[0-9a-f]{32}(?:-[0-9])?', false],
  ['do[por]_v1_', '[0-9a-f]{64}', false],
  ['shp(?:at|ca|pa|ss)_', '[0-9a-fA-F]{32}', false],
  ['SK', '[0-9a-f]{32}', false],
  ['key-', '[0-9a-f]{32}', false],
  ['ATATT3', '[A-Za-z0-9_=-]{60,300}', false],
  ['PMAK-', '[0-9a-f]{24}-[0-9a-f]{34}', false],
  ['gl(?:sa|c)_', '[A-Za-z0-9_+/=]{32,400}', true],
  ['hv[sbr]\\.', '[A-Za-z0-9_-]{24,400}', true],
  ['dp\\.(?:pt|st|sa|ct|scim|audit)\\.', '[A-Za-z0-9]{40,44}', false],
  ['lin_(?:api|oauth)_', '[A-Za-z0-9]{40}', false],
  ['ntn_', '[A-Za-z0-9]{46}', false],
  ['secret_', '[A-Za-z0-9]{43}', true],
  ['figd_', '[A-Za-z0-9_-]{40}', false],
  ['sntry[su]_', '[A-Za-z0-9+/=_-]{50,400}', false],
  ['NRAK-', '[A-Z0-9]{27}', false],
  ['pul-', '[0-9a-f]{40}', false],
  ['AGE-SECRET-KEY-1', '[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}', false],
  ['dckr_pat_', '[A-Za-z0-9_-]{27,40}', false],
  ['ops_eyJ', '[A-Za-z0-9+/=_-]{100,2000}', false],
  ['tskey-(?:auth|api|client|scim|webhook)-', '[A-Za-z0-9]{6,40}-[A-Za-z0-9]{20,80}', false],
  ['sbp_', '[0-9a-f]{40}', false],
  ['pscale_(?:tkn|pw|oauth)_', '[A-Za-z0-9_.-]{32,64}', false],
  ['sq0(?:atp|csp)-', '[0-9A-Za-z_-]{22,43}', false],
  ['bkua_', '[a-f0-9]{40}', false],
  ['fo1_', '[A-Za-z0-9_-]{43}', false],
  ['AccountKey=', '[A-Za-z0-9+/]{86}==', false],
  ['SharedAccessKey=', '[A-Za-z0-9+/]{43}=', false],
];

const RANDOM_PREFIXES = new RegExp(`^(?:${TOKENS.filter(([, , random]) => random).map(([prefix]) => prefix).join('|')})`);

const AZURE_KEY = /^(?:Account|SharedAccess)Key=/;

export const vendorTokenDetector = prefixedTokenDetector({
  name: 'vendor_token',
  anchor: TOKENS.map(([prefix]) => prefix).join('|'),
  token: new RegExp(TOKENS.map(([prefix, body]) => `${prefix}${body}${END}`).join('|')),
  accept: (token) => {
    const prefix = RANDOM_PREFIXES.exec(token);
    return prefix === null || looksRandom(token.slice(prefix[0].length));
  },
  // Of an Azure connection string's key=value pair, only the value is the secret.
  maskFrom: (token) => (AZURE_KEY.test(token) ? token.indexOf('=') + 1 : 0),
});

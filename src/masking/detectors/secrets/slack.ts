// Slack credentials: bot/user/app/refresh tokens (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xoxe-,
// xapp-) and incoming-webhook URLs, whose path after /services/ is the secret.
import { prefixedTokenDetector } from './prefixed-token.ts';

const WEBHOOK_PREFIX = /^hooks\.slack\.com\/(?:services|workflows)\//;

export const slackTokenDetector = prefixedTokenDetector({
  name: 'slack_token',
  anchor: 'xox[abprse]-|xapp-|hooks\\.slack\\.com/(?:services|workflows)/',
  token: /xox[abprse]-[A-Za-z0-9-]{10,250}|xapp-\d-[A-Za-z0-9-]{10,250}|hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9_/-]{20,200}/,
  // Team and user ids are numeric and the secret part has letters: a dashed word has no digits.
  accept: (token) => /\d/.test(token) && /[A-Za-z]/.test(token.slice(5)),
  maskFrom: (token) => WEBHOOK_PREFIX.exec(token)?.[0].length ?? 0,
});

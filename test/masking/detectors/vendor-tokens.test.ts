// GitHub, Slack, Stripe, Google, OpenAI and Anthropic tokens: prefix + shape + "looks random".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mask, onlyDetectors } from '../helpers.ts';

const masker = onlyDetectors(['github_token', 'slack_token', 'stripe_key', 'google_api_key', 'openai_key', 'anthropic_key']);
const BODY36 = '1A2b3C4d5E6f7G8h9I0jKlMnOpQrStUvWxYz';

const POSITIVES: Array<[string, string]> = [
  [`ghp_${BODY36}`, 'github_token'],
  [`ghs_${BODY36}`, 'github_token'],
  ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW', 'github_token'],
  ['xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'slack_token'],
  ['xapp-1-A0123456789-0123456789012-abcdef0123456789', 'slack_token'],
  ['sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'stripe_key'],
  ['rk_test_4eC39HqLyjWDarjtT1zdp7dc', 'stripe_key'],
  ['AIzaSyD-1234567890abcdefghijklmnopqrstu', 'google_api_key'],
  ['sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk', 'openai_key'],
  ['sk-AbCdEfGhIjKlMnOpQrStT3BlbkFJUvWxYz0123456789AbCd', 'openai_key'],
  ['sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjKlMn', 'anthropic_key'],
];

const DECOYS = [
  `ghp_${BODY36.slice(1)}`,
  `xghp_${BODY36}`,
  'xoxb-not-a-real-token-at-all',
  'pk_live_4eC39HqLyjWDarjtT1zdp7dc',
  'sk_live_short',
  'AIzaSyD-1234567890abcdefghijklmnopqrst',
  'AIzaSyD-1234567890abcdefghijklmnopqrstuv',
  'sk-spinner-double-bounce-container',
  'scikit sk-learn-contrib-package-2024',
  'task-0123456789AbCdEfGhIjKlMnOp',
  'sk-ant-lowercase-only-words-here-really',
];

describe('vendor token detectors', () => {
  it('masks each vendor token whole and names its detector', () => {
    for (const [token, detector] of POSITIVES) {
      const result = mask(masker, `token: ${token} end`);
      assert.equal(result.text, `token: [REDACTED:${detector}] end`, token);
      assert.deepEqual(result.counts, { [`detector:${detector}`]: 1 });
    }
  });

  it('masks only the secret path of a Slack webhook URL', () => {
    assert.equal(
      mask(masker, 'https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/aBcDeFgHiJkLmNoPqRsTuVwX').text,
      'https://hooks.slack.com/services/[REDACTED:slack_token]',
    );
  });

  it('leaves look-alikes: wrong length, glued prefix, public keys, dashed words', () => {
    for (const decoy of DECOYS) assert.equal(mask(masker, decoy).text, decoy, decoy);
  });
});

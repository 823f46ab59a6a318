// Stripe secret and restricted keys (sk_live_, rk_live_; test-mode sk_test_/rk_test_ too: they
// still open the account's test data) and webhook signing secrets (whsec_). Publishable keys
// (pk_...) are public by design and left alone.
import { prefixedTokenDetector } from './prefixed-token.ts';

export const stripeKeyDetector = prefixedTokenDetector({
  name: 'stripe_key',
  anchor: '[rs]k_(?:live|test)_|whsec_',
  token: /[rs]k_(?:live|test)_[A-Za-z0-9]{10,247}(?![A-Za-z0-9])|whsec_[A-Za-z0-9+/=]{24,100}/,
});

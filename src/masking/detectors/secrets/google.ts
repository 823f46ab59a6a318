// Google API keys: "AIza" followed by exactly 35 base64url characters.
import { prefixedTokenDetector } from './prefixed-token.ts';

export const googleApiKeyDetector = prefixedTokenDetector({
  name: 'google_api_key',
  anchor: 'AIza',
  token: /AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/,
});

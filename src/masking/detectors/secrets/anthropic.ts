// Anthropic API keys: sk-ant-api03-..., sk-ant-admin01-..., and other sk-ant- keys.
import { looksRandom, prefixedTokenDetector } from './prefixed-token.ts';

export const anthropicKeyDetector = prefixedTokenDetector({
  name: 'anthropic_key',
  anchor: 'sk-ant-',
  token: /sk-ant-[A-Za-z0-9_-]{20,250}/,
  accept: (token) => looksRandom(token.slice(7)),
});

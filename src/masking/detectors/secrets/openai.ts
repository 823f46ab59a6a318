// OpenAI-style API keys: sk-..., sk-proj-..., sk-svcacct-..., sk-admin-... (Anthropic's sk-ant-
// keys have their own detector). The body must look random (digits, lower and upper case), so dashed words
// such as "sk-learn-contrib-package" are not taken for keys.
import { looksRandom, prefixedTokenDetector } from './prefixed-token.ts';

export const openaiKeyDetector = prefixedTokenDetector({
  name: 'openai_key',
  anchor: 'sk-(?!ant-)',
  token: /sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,250}/,
  accept: (token) => looksRandom(token.slice(3)),
});

// GitHub tokens: classic personal/OAuth/user-to-server/server-to-server/refresh tokens
// (ghp_ gho_ ghu_ ghs_ ghr_ + 36 base62) and fine-grained personal access tokens (github_pat_...).
import { prefixedTokenDetector } from './prefixed-token.ts';

export const githubTokenDetector = prefixedTokenDetector({
  name: 'github_token',
  anchor: 'gh[pousr]_|github_pat_',
  token: /gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9])|github_pat_[A-Za-z0-9_]{22,244}(?![A-Za-z0-9_])/,
});

// Pins the public surface of src/identity: adding or removing an export is a deliberate change.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as identity from '../../src/identity/index.ts';

it('exports exactly the identity API', () => {
  assert.deepEqual(Object.keys(identity).sort(), [
    'API_KEY_PREFIX',
    'ApiKeyConfigSchema',
    'ApiKeysConfigSchema',
    'DEFAULT_ALGORITHMS',
    'OidcConfigSchema',
    'PrincipalSchema',
    'authGate',
    'createAuthenticator',
    'generateApiKey',
    'hashApiKey',
    'protectedResourceMetadata',
    'resourceMetadataRouter',
  ]);
});

// Pins the public surface of src/masking: adding or removing an export is a deliberate change.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as masking from '../../src/masking/index.ts';

it('exports exactly the masking API', () => {
  assert.deepEqual(Object.keys(masking).sort(), [
    'BUILTIN_DETECTOR_NAMES',
    'DEFAULT_PROFILE',
    'DEFAULT_PROFILE_NAME',
    'DEFAULT_PROTECTION',
    'GATEHOUSE_SECRET',
    'MaskingConfigSchema',
    'MaskingError',
    'MaskingStyleSchema',
    'ProfileSchema',
    'VALIDATOR_NAMES',
    'compileColumnRules',
    'createMasker',
    'describeCounts',
    'parseMaskingConfig',
    'unionProtection',
  ]);
});

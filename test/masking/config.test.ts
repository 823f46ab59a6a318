import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import {
  BUILTIN_DETECTOR_NAMES,
  DEFAULT_PROFILE,
  MaskingConfigSchema,
  MaskingError,
  parseMaskingConfig,
  createMasker,
} from '../../src/masking/index.ts';

/** The issue paths zod reports for `input`, joined with dots. */
function issuePaths(input: unknown): string[] {
  const parsed = MaskingConfigSchema.safeParse(input);
  assert.equal(parsed.success, false);
  return parsed.error?.issues.map((issue) => issue.path.join('.')) ?? [];
}

describe('masking config', () => {
  it('accepts {} and yields the built-in default profile', () => {
    const config = MaskingConfigSchema.parse({});
    assert.deepEqual(Object.keys(config.profiles), ['default']);
    assert.equal(config.profiles.default, DEFAULT_PROFILE);
  });

  it('ships a default profile with all detectors on and the common column rules', () => {
    assert.deepEqual(DEFAULT_PROFILE.detectors, {});
    const rules = Object.fromEntries(DEFAULT_PROFILE.columns.map((rule) => [rule.match, rule.style]));
    for (const match of ['*password*', '*secret*', '*token*', '*api_key*', 'ssn']) assert.equal(rules[match], 'redact', match);
    assert.equal(rules['*.card_number'], 'partial');
    assert.equal(rules['*.email'], 'partial');
    assert.equal(rules['*.phone'], 'partial');
  });

  it('lets a configured "default" replace the built-in one, and keeps other profiles', () => {
    const config = MaskingConfigSchema.parse({ profiles: { default: { columns: [] }, strict: { detectors: { phone: false } } } });
    assert.deepEqual(config.profiles.default?.columns, []);
    assert.deepEqual(config.profiles.strict?.detectors, { phone: false });
  });

  it('reports a bad regex, an unknown validator and an unknown style with their paths', () => {
    const paths = issuePaths({
      profiles: {
        p: {
          custom: [
            { name: 'a', pattern: '([' },
            { name: 'b', pattern: 'x', validator: 'crc32' },
            { name: 'c', pattern: 'y', style: 'blur' },
          ],
        },
      },
    });
    assert.deepEqual(paths.sort(), ['profiles.p.custom.0.pattern', 'profiles.p.custom.1.validator', 'profiles.p.custom.2.style']);
    assert.match(MaskingConfigSchema.safeParse({ profiles: { p: { detectors: { cards: true } } } }).error?.message ?? '', /cards/);
  });

  it('reports unknown detectors, bad column patterns, bad regions, duplicate and built-in names', () => {
    const paths = issuePaths({
      profiles: {
        p: {
          detectors: { cards: true, email: { style: 'shout' } },
          columns: [{ match: 'a..b' }, { match: 'w.x.y.z' }],
          phoneRegion: 'XX',
          custom: [
            { name: 'email', pattern: 'z' },
            { name: 'empty', pattern: 'a*' },
          ],
        },
        q: { custom: [{ name: 'dup', pattern: 'x' }, { name: 'dup', pattern: 'y' }] },
      },
    });
    for (const path of [
      'profiles.p.detectors',
      'profiles.p.detectors.email',
      'profiles.p.columns.0.match',
      'profiles.p.columns.1.match',
      'profiles.p.phoneRegion',
      'profiles.p.custom.0.name',
      'profiles.p.custom.1.pattern',
      'profiles.q.custom.1.name',
    ]) {
      assert.ok(paths.some((p) => p.startsWith(path)), `${path} in ${paths.join(', ')}`);
    }
  });

  it('returns the parsed config when it is valid, nothing given reading as {}', () => {
    for (const input of [undefined, null, {}]) assert.deepEqual(Object.keys(parseMaskingConfig(input).profiles), ['default'], String(input));
    const config = parseMaskingConfig({ profiles: { strict: { detectors: { email: { style: 'redact' } } } } });
    assert.deepEqual(Object.keys(config.profiles).sort(), ['default', 'strict']);
  });

  it('names the root of a config or profile that is not an object at all', () => {
    assert.throws(() => parseMaskingConfig('profiles'), (error: unknown) => error instanceof MaskingError && /^invalid masking config:\n {2}\(root\): /.test(error.message));
    assert.throws(() => createMasker(7 as never, { secretValues: [] }), (error: unknown) => error instanceof MaskingError && /^invalid masking profile: \(root\): /.test(error.message));
  });

  it('turns issues into one clear MaskingError listing every path', () => {
    assert.throws(
      () => parseMaskingConfig({ profiles: { p: { custom: [{ name: 'a', pattern: '(' }], extra: 1 } } }),
      (error: unknown) =>
        error instanceof MaskingError &&
        error.code === 'invalid_config' &&
        error.message.includes('profiles.p.custom.0.pattern: invalid regex') &&
        error.message.includes('profiles.p'),
    );
  });

  it('gives each issue a line of its own, and keeps the issues themselves as the cause', () => {
    const input = { profiles: { p: { custom: [{ name: 'a', pattern: '(' }], extra: 1 } } };
    const issues = MaskingConfigSchema.safeParse(input).error?.issues ?? [];
    assert.ok(issues.length >= 2);
    assert.throws(
      () => parseMaskingConfig(input),
      (error: unknown) => {
        assert.ok(error instanceof MaskingError);
        const [title, ...lines] = error.message.split('\n');
        assert.equal(title, 'invalid masking config:');
        assert.equal(lines.length, issues.length);
        for (const line of lines) assert.match(line, /^ {2}\S+: \S/);
        assert.ok(error.cause instanceof z.ZodError);
        assert.deepEqual(error.cause.issues, issues);
        return true;
      },
    );
  });

  it('refuses an invalid profile handed straight to createMasker', () => {
    const bad = { ...DEFAULT_PROFILE, custom: [{ name: 'x', pattern: '[', flags: '', style: 'redact' as const }] };
    assert.throws(() => createMasker(bad, { secretValues: [] }), /custom\.0\.pattern/);
  });

  it('describes every field, so generated docs and JSON schema explain the config', () => {
    const undocumented: string[] = [];
    let checked = 0;
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      if (record.properties !== undefined) {
        for (const [key, child] of Object.entries(record.properties as Record<string, Record<string, unknown>>)) {
          checked++;
          if (typeof child.description !== 'string') undocumented.push(`${path}.${key}`);
        }
      }
      for (const [key, child] of Object.entries(record)) walk(child, `${path}.${key}`);
    };
    walk(z.toJSONSchema(MaskingConfigSchema, { io: 'input', unrepresentable: 'any' }), '$');
    assert.deepEqual(undocumented, []);
    // profiles, the profile's 5 fields, 17 detectors, their { enabled, style }, rule and custom fields.
    assert.ok(checked >= 1 + 5 + BUILTIN_DETECTOR_NAMES.length + 2 + 2 + 2 + 5, `only ${checked} properties checked`);
  });
});

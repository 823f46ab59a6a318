// Durations gatehouse waits out with a timer (call limits, store and approval deadlines, polls,
// checkpoints) are refused past 24.8 days, the most a Node timer holds: set longer, setTimeout and
// setInterval fire at once, so every call would time out on the spot or a poll would spin.
// Durations that are only compared with the clock (approval ttl, retention) take any length.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigSchema } from '../../src/config/schema.ts';
import { RuleSchema } from '../../src/policy/schema.ts';

const TIMER_FIELDS: ReadonlyArray<[string, (value: string) => Record<string, unknown>]> = [
  ['limits.timeout', (v) => ({ limits: { timeout: v } })],
  ['store.postgres.queryTimeout', (v) => ({ store: { postgres: { url: 'env:STORE_URL', queryTimeout: v } } })],
  ['approvals.wait', (v) => ({ approvals: { wait: v, clientTimeout: '30d' } })],
  ['approvals.pollInterval', (v) => ({ approvals: { pollInterval: v } })],
  ['killSwitch.pollInterval', (v) => ({ killSwitch: { pollInterval: v } })],
  ['audit.checkpoints.interval', (v) => ({ audit: { checkpoints: { key: 'env:CHECKPOINT_KEY', interval: v } } })],
];

const problems = (input: Record<string, unknown>) => {
  const parsed = ConfigSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('durations waited out with a timer', () => {
  for (const [path, config] of TIMER_FIELDS) {
    it(`${path}: 24 days is taken, 25 days refused, naming the limit`, () => {
      assert.deepEqual(problems(config('24d')).filter((p) => p.startsWith(path)), []);
      assert.deepEqual(problems(config('25d')).filter((p) => p.startsWith(path)), [`${path}: at most 24d (a timer holds up to 2147483647 ms, about 24.8 days)`]);
    });
  }

  it("a rule's limits.timeout: 24 days is taken, 25 days refused", () => {
    const rule = (timeout: string) => RuleSchema.safeParse({ id: 'slow', effect: 'allow', limits: { timeout } });
    assert.equal(rule('24d').success, true);
    assert.deepEqual(rule('25d').error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`), ['limits.timeout: at most 24d (a timer holds up to 2147483647 ms, about 24.8 days)']);
  });

  it('server.largeInputs.timeoutMs is refused past 2147483647', () => {
    assert.deepEqual(problems({ server: { largeInputs: { timeoutMs: 2 ** 31 } } }).filter((p) => p.startsWith('server')).length, 1);
    assert.deepEqual(problems({ server: { largeInputs: { timeoutMs: 2 ** 31 - 1 } } }).filter((p) => p.startsWith('server')), []);
  });

  it('an approval ttl and the console session, compared with the clock, take longer', () => {
    assert.deepEqual(problems({ approvals: { ttl: '400d' }, console: { sessionTtl: '400d' } }).filter((p) => /ttl/i.test(p)), []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProcessResult } from '../../src/pipeline/result.ts';
import { maskerWith } from './helpers.ts';

const SECRET = 'ssh-Pa55phrase-x1';
const masker = maskerWith({}, { secretValues: [SECRET] });

describe('masking process results', () => {
  it('masks stdout, stderr and every event, in place', () => {
    const events: NonNullable<ProcessResult['events']> = [
      [0.1, 'o', 'user ann@example.com\n'],
      [0.2, 'e', `warning: ${SECRET}\n`],
    ];
    const result: ProcessResult = {
      kind: 'process',
      stdout: 'user ann@example.com\n',
      stderr: `warning: ${SECRET}\n`,
      exitCode: 0,
      events,
    };
    const summary = masker.maskResult(result);
    assert.equal(result.events, events);
    assert.equal(result.stdout, 'user a***@example.com\n');
    assert.equal(result.stderr, 'warning: [REDACTED:gatehouse_secret]\n');
    assert.deepEqual(events, [
      [0.1, 'o', 'user a***@example.com\n'],
      [0.2, 'e', 'warning: [REDACTED:gatehouse_secret]\n'],
    ]);
    // The events repeat stdout/stderr: each value is counted once.
    assert.deepEqual(summary, { counts: { 'detector:email': 1, 'detector:gatehouse_secret': 1 }, total: 2 });
  });

  it('finds a secret split across two output events of one stream', () => {
    const card = '4242 4242 4242 4242';
    const result: ProcessResult = {
      kind: 'process',
      stdout: '',
      stderr: '',
      exitCode: 0,
      events: [
        [0.1, 'o', `key ${SECRET.slice(0, 6)}`],
        [0.2, 'e', 'interleaved stderr\n'],
        [0.3, 'o', `${SECRET.slice(6)} and ${card.slice(0, 7)}`],
        [0.4, 'o', `${card.slice(7)} done`],
      ],
    };
    masker.maskResult(result);
    const text = result.events?.map((event) => event[2]) ?? [];
    assert.deepEqual(text, ['key [REDACTED:gatehouse_secret]', 'interleaved stderr\n', ' and **** **** **** 4242', ' done']);
  });
  it('masks the output of a result that carries no events', () => {
    for (const events of [undefined, []]) {
      const result: ProcessResult = { kind: 'process', stdout: 'user ann@example.com\n', stderr: '', exitCode: 0, ...(events ? { events } : {}) };
      masker.maskResult(result);
      assert.equal(result.stdout, 'user a***@example.com\n');
    }
  });
});

// A resume lifts only the suspension whose time it names: acts made one after another, however
// fast, must each have a time of their own, still a readable ISO time of now.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actTime } from '../../src/kill-switch/act-time.ts';

describe('kill switch act times', () => {
  it('gives every act a time of its own, later than the one before, even within one millisecond', () => {
    const times = Array.from({ length: 5000 }, () => actTime());
    assert.equal(new Set(times).size, times.length);
    for (let i = 1; i < times.length; i++) assert.ok((times[i] as string) > (times[i - 1] as string), `${times[i - 1]} then ${times[i]}`);
  });

  it('reads as an ISO time of now, to the microsecond', () => {
    const at = actTime();
    assert.match(at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.ok(Math.abs(Date.parse(at) - Date.now()) < 1000, at);
  });
});

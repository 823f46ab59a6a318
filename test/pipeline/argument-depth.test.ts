// Arguments nested deeper than the bound are refused by the pipeline; what the audit records of
// them is cut at the bound (the walk that hashes the audit chain would overflow the stack), and
// arguments within the bound are recorded exactly as sent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundArgumentDepth, MAX_ARGUMENT_DEPTH } from '../../src/pipeline/argument-depth.ts';

const CUT = `[nested deeper than ${MAX_ARGUMENT_DEPTH} levels; not recorded]`;

/** An object `levels` levels deep, alternating objects and arrays, with a string at the bottom. */
function nested(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

/** The value reached by walking `levels` levels down. */
function down(value: unknown, levels: number): unknown {
  for (let i = 0; i < levels; i++) value = Array.isArray(value) ? value[0] : (value as { k: unknown }).k;
  return value;
}

describe('the argument depth bound', () => {
  it('keeps arguments within the bound as they are, the same reference', () => {
    const args = { sql: 'SELECT 1', deep: nested(MAX_ARGUMENT_DEPTH - 1), none: null };
    const bounded = boundArgumentDepth(args);
    assert.equal(bounded.cut, false);
    assert.equal(bounded.args, args);
  });

  it('cuts arguments one level past the bound, keeping everything above it', () => {
    const args = { sql: 'SELECT 1', n: 5, none: null, deep: nested(MAX_ARGUMENT_DEPTH) };
    const bounded = boundArgumentDepth(args);
    assert.equal(bounded.cut, true);
    const kept = bounded.args as typeof args;
    assert.equal(kept.sql, 'SELECT 1');
    assert.equal(kept.n, 5);
    assert.equal(kept.none, null);
    assert.equal(down(kept.deep, MAX_ARGUMENT_DEPTH - 2) !== CUT, true);
    assert.equal(down(kept.deep, MAX_ARGUMENT_DEPTH - 1), CUT);
  });

  it('cuts arrays as arrays and objects as objects on the way down', () => {
    const bounded = boundArgumentDepth([{ a: nested(MAX_ARGUMENT_DEPTH) }]);
    assert.equal(bounded.cut, true);
    const top = bounded.args as Array<{ a: unknown }>;
    assert.ok(Array.isArray(top));
    const a = top[0]?.a as { k: unknown };
    assert.ok(!Array.isArray(a) && typeof a === 'object');
    assert.ok(Array.isArray(a.k));
  });

  it('cuts arguments far past the bound without overflowing the stack', () => {
    const bounded = boundArgumentDepth({ deep: nested(100_000) });
    assert.equal(bounded.cut, true);
    assert.equal(down((bounded.args as { deep: unknown }).deep, MAX_ARGUMENT_DEPTH - 1), CUT);
  });
});

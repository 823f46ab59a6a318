// Fail closed: whatever goes wrong inside masking surfaces as a MaskingError, never as a result
// that looks complete.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocumentResult, TableResult, ToolResult } from '../../src/pipeline/result.ts';
import { MaskingError } from '../../src/masking/index.ts';
import { maskerWith } from './helpers.ts';

const masker = maskerWith({ columns: [{ match: 'secret', style: 'redact' }] });

function isMaskingFailure(error: unknown): boolean {
  return error instanceof MaskingError && error.code === 'masking_failed';
}

function table(rows: unknown[][]): TableResult {
  return { kind: 'table', columns: [{ name: 'secret', type: 'text' }, { name: 'v', type: 'text' }], rows, command: 'SELECT', rowCount: rows.length };
}

describe('masking failures', () => {
  it('throws MaskingError when a cell getter throws', () => {
    const row: unknown[] = ['x', 'y'];
    Object.defineProperty(row, 1, {
      get() {
        throw new Error('boom');
      },
    });
    assert.throws(() => masker.maskResult(table([row])), isMaskingFailure);
  });

  it('keeps the original error as the cause, and never quotes data in the message', () => {
    const value = { get leak() { throw new Error('hunter2'); } };
    try {
      masker.maskResult({ kind: 'document', value } satisfies DocumentResult);
      assert.fail('expected a MaskingError');
    } catch (error) {
      assert.ok(isMaskingFailure(error));
      assert.doesNotMatch((error as Error).message, /hunter2/);
      assert.match(String(((error as Error).cause as Error).message), /hunter2/);
    }
  });

  it('throws when a row cannot be written (frozen), instead of leaving it unmasked', () => {
    const row = Object.freeze(['top secret', 'ann@example.com']);
    assert.throws(() => masker.maskResult(table([row as unknown[]])), isMaskingFailure);
  });

  it('throws on a row that is not an array', () => {
    assert.throws(() => masker.maskResult(table(['4242424242424242' as unknown as unknown[]])), isMaskingFailure);
  });

  it('throws on values nested too deeply, and on cycles', () => {
    let deep: unknown = 'ann@example.com';
    for (let i = 0; i < 500; i++) deep = [deep];
    assert.throws(() => masker.maskResult({ kind: 'document', value: deep }), isMaskingFailure);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.throws(() => masker.maskResult({ kind: 'document', value: cycle }), isMaskingFailure);
  });

  it('throws on a result kind it does not know', () => {
    const unknownKind = { kind: 'stream', data: '4242424242424242' } as unknown as ToolResult;
    assert.throws(() => masker.maskResult(unknownKind), isMaskingFailure);
  });

  it('throws MaskingError from maskText too', () => {
    assert.throws(() => masker.maskText(Symbol('x') as unknown as string), isMaskingFailure);
  });
});

// canonicalJson is hashed into every audit event: its output must never change. The fast builder
// is checked against the first, simple implementation, kept here as the reference, over arbitrary
// values with the awkward parts JSON has (lone surrogates, -0, NaN, bigint, toJSON, undefined,
// holes, unsorted and integer-like keys, nested empties).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hashEvent } from '../../src/audit/chain.ts';
import { canonicalJson } from '../../src/audit/canonical.ts';

function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return referenceCanonicalJson(withJson.toJSON());
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
}

/** Any UTF-16 code unit, lone surrogates and control characters included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const anyText = fc.oneof(fc.string({ unit: codeUnit, maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('', '\ud800', 'a\udfff', '\u2028', '"\\'));
const key = fc.oneof(anyText, fc.constantFrom('__proto__', 'toJSON', '10', '9', '01', '-1', 'a', 'B', 'é', '\ud83d\ude00'));

const scalar = fc.oneof(
  anyText,
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, 0, NaN, Infinity, -Infinity, 1e21, 5e-324, true, false, null, undefined),
  fc.bigInt(),
  fc.constantFrom(Symbol('s'), () => 1),
  fc.date({ noInvalidDate: false }),
);

const { value: anyValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('sparse'), tie('object'), tie('withToJson')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  sparse: fc.sparseArray(tie('value'), { maxLength: 6 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  withToJson: tie('value').map((inner) => ({ toJSON: () => inner, ignored: 1 })),
}));

describe('canonicalJson', () => {
  it('writes exactly what the reference implementation writes, for any value', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        assert.equal(canonicalJson(value), referenceCanonicalJson(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on the awkward cases one by one', () => {
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    const cases: unknown[] = [
      undefined,
      [undefined, null],
      { a: undefined, b: [undefined] },
      sparse,
      -0,
      [-0, NaN, Infinity],
      10n ** 30n,
      [-5n],
      'lone \ud800 surrogate',
      { '\udc00': '\ud83d' },
      { b: 1, a: 2, 10: 3, 9: 4, B: 5 },
      {},
      [],
      [[], {}, [[{}]], { a: { b: {} } }],
      [['a', 1, null, true], ['b', 2n]],
      [[1], Object.assign([2], { toJSON: (key?: string) => `toJSON(${key ?? ''})` })],
      new Date(0),
      new Date(NaN),
      { toJSON: () => ({ z: 1, a: [1n] }) },
      [{ toJSON: () => undefined }],
      { fn: () => 1, sym: Symbol('x') },
      Object.assign(() => 1, { toJSON: () => 'from toJSON' }),
      Buffer.from('hi'),
      new Map([['a', 1]]),
      Object.defineProperty({}, '__proto__', { value: 1, enumerable: true }),
    ];
    for (const value of cases) assert.equal(canonicalJson(value), referenceCanonicalJson(value), String(referenceCanonicalJson(value)));
  });

  it('sorts keys by UTF-16 code units, not by their insertion or integer order', () => {
    assert.equal(canonicalJson({ b: 1, a: 2, 10: 3, 9: 4, B: 5, '\u{1f600}': 6, '\uffff': 7 }), '{"10":3,"9":4,"B":5,"a":2,"b":1,"\u{1f600}":6,"\uffff":7}');
  });

  it('sorts the keys of what an inner array toJSON returns (the native fast path would not)', () => {
    const inner = Object.assign([1], { toJSON: () => ({ b: 1, a: 2 }) });
    assert.equal(canonicalJson([inner]), '[{"a":2,"b":1}]');
    assert.equal(canonicalJson([inner]), referenceCanonicalJson([inner]));
  });

  it('keeps the hash of a recorded result as it was before the fast builder', () => {
    const data = {
      result: {
        content: [{ type: 'text', text: 'id | email\n1 | j***@example.com\n(SELECT 1)' }],
        structuredContent: { columns: [{ name: 'id', type: 'bigint' }, { name: 'email', type: 'text' }], rows: [['1', 'j***@example.com']], rowCount: 1, command: 'SELECT', masked: 1 },
      },
      masked: { counts: { 'column:public.customers.email': 1 }, total: 1 },
      durationMs: 3.25,
    };
    const meta = { seq: 7, time: '2024-05-01T12:00:00.000Z', type: 'call.result' as const, session: 's-1', callId: 'c-1', tool: 'postgres_query', principal: 'alice', target: 'shop', prevHash: '0'.repeat(64) };
    const json = canonicalJson(data);
    assert.equal(json, referenceCanonicalJson(data));
    assert.equal(createHash('sha256').update(json).digest('hex'), '713b127a2eafce789108f240a9f73a754c98ddc6840df22e67d1cbcb60df78cb');
    assert.equal(hashEvent(meta, json), '5fce5fd19f4f81e0df0246fa29a6633a130d072e92fe481a039b52c8e02e490a');
  });
});

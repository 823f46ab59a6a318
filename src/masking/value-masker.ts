// Masks structured values in place: table cells, json/jsonb values, documents. Containers are
// changed where they are (a 100,000-row result never exists twice); the caller stores the
// returned value only when it differs (a string or a scalar that was replaced).
// - detectors run on every string, on object keys, on large numbers (a card stored as bigint)
//   and on bytes (bytea) decoded as UTF-8;
// - under a JSON key rule, or in a masked column, the value is masked whole: scalars through the
//   rule's style, arrays element by element, objects replaced by the redact token (or null);
// - NULL stays NULL in a masked column or under a key rule: masking never invents a value;
//   booleans under a key rule are left as they are, in a masked column they are its values;
// - a value computed from protected columns is the exception: it becomes one marker whatever it
//   holds (maskComputed), NULL included.
import { addCount, type MaskCounts } from './counts.ts';
import { MaskingError } from './errors.ts';
import type { JsonKeyMatcher } from './json-keys.ts';
import type { MaskingStyle, Renderer } from './styles.ts';
import { maskSplitCharacters } from './split-characters.ts';
import { maskSplitPieces } from './split-pieces.ts';
import { maskRecordArray } from './record-arrays.ts';
import { maskNeighbouringGroups } from './split-numbers.ts';
import type { TextMasker } from './text-masker.ts';

/** A rule that masks a whole value: a column rule or a JSON key rule. */
export interface WholeValueRule {
  readonly countKey: string;
  readonly style: MaskingStyle;
  readonly render: Renderer;
  readonly redacted: string;
}

export interface ValueMasker {
  maskValue(value: unknown, counts: MaskCounts, depth?: number): unknown;
  /** A cell of a column under a column rule. */
  maskWhole(value: unknown, rule: WholeValueRule, counts: MaskCounts): unknown;
  maskComputed(value: unknown, rule: WholeValueRule, counts: MaskCounts): unknown;
}

/** Deeper values are refused rather than risk a stack overflow halfway through a result. */
const MAX_DEPTH = 200;

function checkDepth(depth: number): void {
  if (depth > MAX_DEPTH) throw new MaskingError('masking_failed', `value nested deeper than ${MAX_DEPTH} levels`);
}

/** Plain assignment to "__proto__" would set the prototype and leave the own property unmasked. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

function renameKey(target: Record<string, unknown>, from: string, to: string): void {
  let name = to;
  for (let n = 2; Object.prototype.hasOwnProperty.call(target, name); n++) name = `${to}#${n}`;
  setOwn(target, name, target[from]);
  delete target[from];
}

function bytesText(value: ArrayBufferView): string {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
}

/** The text a whole-value rule renders, or undefined for objects (which are redacted). */
function scalarText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'object':
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
      if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      return undefined;
    default:
      return undefined;
  }
}

export function createValueMasker(
  text: TextMasker,
  keyRules: JsonKeyMatcher<WholeValueRule>,
  options: { scanAllNumbers: boolean; splitNumbers?: TextMasker; splitValues?: TextMasker },
): ValueMasker {
  // Below this a number cannot hold a card (12+ digits); a numeric gatehouse secret lowers it to 0.
  const minScannedNumber = options.scanAllNumbers ? 0 : 1e11;
  const minScannedBigint = BigInt(minScannedNumber);

  function maskNumber(value: number | bigint, counts: MaskCounts): unknown {
    const asText = String(value);
    const masked = text.mask(asText, counts);
    return masked === asText ? value : masked;
  }

  function maskObject(value: object, counts: MaskCounts, depth: number): unknown {
    checkDepth(depth);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const masked = maskValue(item, counts, depth + 1);
        if (masked !== item) value[i] = masked;
      }
      // A number split over the elements ('{4111,1111,1111,1111}') is read across them, and a value one character an element.
      const at = (i: number) => value[i];
      const write = (i: number, masked: string) => (value[i] = masked);
      if (options.splitNumbers) maskNeighbouringGroups(value.length, at, write, options.splitNumbers, counts);
      if (options.splitValues) {
        maskSplitCharacters(value.length, at, write, options.splitValues, counts);
        maskSplitPieces(value.length, at, write, options.splitValues, counts);
        // … and an array of records (json_agg of rows) down each key, as a table's columns.
        if (options.splitNumbers) maskRecordArray(value, options.splitNumbers, options.splitValues, counts, setOwn);
      }
      return value;
    }
    if (value instanceof Date) return value;
    if (ArrayBuffer.isView(value)) {
      const decoded = bytesText(value);
      const masked = text.mask(decoded, counts);
      return masked === decoded ? value : masked;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      const rule = keyRules(key);
      const masked = rule !== undefined ? maskWhole(item, rule, counts, depth + 1, true) : maskValue(item, counts, depth + 1);
      if (masked !== item) setOwn(record, key, masked);
      const maskedKey = text.mask(key, counts);
      if (maskedKey !== key) renameKey(record, key, maskedKey);
    }
    // … or over an object's values ('{"a": "4111", "b": "1111", …}'), read in their order.
    const keys = Object.keys(record);
    const at = (i: number) => record[keys[i] as string];
    const write = (i: number, masked: string) => setOwn(record, keys[i] as string, masked);
    if (options.splitNumbers) maskNeighbouringGroups(keys.length, at, write, options.splitNumbers, counts);
    if (options.splitValues) {
      maskSplitCharacters(keys.length, at, write, options.splitValues, counts);
      maskSplitPieces(keys.length, at, write, options.splitValues, counts);
    }
    return value;
  }

  function maskValue(value: unknown, counts: MaskCounts, depth = 0): unknown {
    switch (typeof value) {
      case 'string':
        return text.mask(value, counts);
      case 'number':
        return Number.isFinite(value) && Math.abs(value) >= minScannedNumber ? maskNumber(value, counts) : value;
      case 'bigint':
        return (value < 0n ? -value : value) >= minScannedBigint ? maskNumber(value, counts) : value;
      case 'object':
        return value === null ? value : maskObject(value, counts, depth);
      default:
        return value;
    }
  }

  function maskWhole(value: unknown, rule: WholeValueRule, counts: MaskCounts, depth = 0, underKey = false): unknown {
    if (value === null || value === undefined) return value;
    // Under a key named like a secret a boolean holds one bit, never a credential
    // ("automountServiceAccountToken": false); a column rule names the column, and a boolean is its value.
    if (typeof value === 'boolean') return underKey ? value : maskScalar(String(value), rule, counts);
    if (Array.isArray(value)) {
      checkDepth(depth);
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const masked = maskWhole(item, rule, counts, depth + 1, underKey);
        if (masked !== item) value[i] = masked;
      }
      return value;
    }
    return maskScalar(scalarText(value), rule, counts);
  }

  /** A scalar's text through the rule's style; undefined (an object) is redacted. */
  function maskScalar(asText: string | undefined, rule: WholeValueRule, counts: MaskCounts): unknown {
    addCount(counts, rule.countKey);
    if (rule.style === 'null') return null;
    return asText === undefined ? rule.redacted : rule.render(asText);
  }

  /**
   * A computation can put any bit of what it reads into the shape of what it returns: whether it
   * is NULL, true or false, how long an array is and which of its elements are NULL, how a
   * document nests. So the whole value, NULL too, becomes the one marker: every cell of a computed
   * column reads the same, whatever the protected values were.
   */
  function maskComputed(_value: unknown, rule: WholeValueRule, counts: MaskCounts): unknown {
    addCount(counts, rule.countKey);
    return rule.style === 'null' ? null : rule.redacted;
  }

  return { maskValue, maskWhole: (value, rule, counts) => maskWhole(value, rule, counts), maskComputed };
}

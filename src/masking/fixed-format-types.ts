// Column types whose values have a fixed format that cannot carry free text: a timestamp, a uuid
// or an address is what the backend wrote, never what someone typed. Their cells skip the text
// detectors, which otherwise cost the most on exactly these digit-heavy strings ("2024-01-01
// 10:40:00+00" has enough digits to wake the card, SSN and phone detectors). Column rules still
// apply to them, and gatehouse's own secret values are still looked for.
// Numeric types are deliberately absent: card numbers and SSNs are stored as numbers.

/** The default: PostgreSQL's names for them (format_type), and their short aliases. */
export const DEFAULT_FIXED_FORMAT_TYPES = [
  'timestamp without time zone',
  'timestamp with time zone',
  'timestamp',
  'timestamptz',
  'date',
  'time without time zone',
  'time with time zone',
  'time',
  'timetz',
  'interval',
  'boolean',
  'bool',
  'uuid',
  'inet',
  'cidr',
  'macaddr',
  'macaddr8',
] as const;

export type FixedFormatMatcher = (type: unknown) => boolean;

/** Case-insensitive; an array of a listed type ("date[]") is listed too. */
export function compileFixedFormatTypes(types: readonly string[]): FixedFormatMatcher {
  const listed = new Set(types.map((type) => type.toLowerCase()));
  if (listed.size === 0) return () => false;
  return (type) => {
    if (typeof type !== 'string') return false;
    let name = type.toLowerCase();
    while (name.endsWith('[]')) name = name.slice(0, -2);
    return listed.has(name);
  };
}

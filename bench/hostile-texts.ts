// Text shaped to make a search go back over what it read (digits joined by marks with no end to
// the run, base64 of one alphabet glued to the other's marks, "@" after "@"): each once cost a
// stage of the reader's view or a detector its length squared. Shared by the masking bench, which
// reports the slowest, and by test/masking/hostile-sizes.test.ts, which checks they mask to themselves.
const SIZE = 100_000;
const repeated = (unit: string, tail = ''): string => unit.repeat(Math.ceil(SIZE / unit.length)) + tail;

export const HOSTILE_TEXTS: Readonly<Record<string, string>> = {
  'digits joined by colons': repeated('1:'),
  'digits joined by colons after a word': `x${repeated('1:')}`,
  'digits joined by colons ending in a letter': repeated('1:', 'x'),
  'digits joined by plus signs': repeated('1+', '1x'),
  'colon pairs between spaces': repeated('1:1 ', 'x'),
  'IBAN country codes joined by colons': repeated('DE89:'),
  'sums of digit groups': repeated('12+34+'),
  'base64url of braces': repeated('eyJ-'),
  'base64 of braces': repeated('eyJ+'),
  'base64url of brackets': repeated('a11-'),
  'at signs': repeated('a@'),
  'spaces before a bare at': `${' '.repeat(SIZE)}at x`,
  'soft breaks': repeated(`${'a'.repeat(20)}=\n`),
  'card names': repeated('card '),
  'quoted words side by side': repeated("'a' "),
  'letters spaced one by one': repeated('a '),
  'digits threaded with zero-width spaces': repeated('1\u200b'),
  'digits joined by semicolons': repeated('1;'),
  'digits joined by spaced semicolons': repeated('1 ; '),
  'digits in a JSON array of strings': repeated('1","'),
  'digits joined by percent signs': repeated('42%'),
  'digits joined by emoji': repeated('1\u{1f525}'),
  'quoted-printable at signs': repeated('=40'),
  'number words glued that split two ways': repeated('eighteen', 'x'),
  'number words joined by commas': repeated('one, ', 'x'),
  'IBAN country codes before two digits': repeated('FR14 '),
  'one filler between every two digits': repeated('1x'),
  'a word between digit groups': repeated('12 and '),
  'character codes with no end to the list': repeated('97,'),
  'chr() calls with no end': repeated('chr(97)||'),
  'single characters listed with no end': repeated('a,'),
  'tsvector words with places': repeated("'4111':12 "),
  'what a turned IBAN ends with': repeated('00 98ED '),
  'user:password@host pairs with no end': repeated('a:b@c.'),
  'short runs of separated letters': repeated('a.b.c.d.e.f '),
  'separated letters with no end': repeated('a.'),
  'separators that grow by one': repeated('a-b--c---d----'),
  'names backwards side by side': repeated('nss '),
  'SSN groups backwards after a name': repeated('ssn 0000-00-000 '),
};

// Attack corpus: a value written in a spelling a reader decodes at sight and a pattern does not:
// escapes (percent-encoding, HTML character references, backslash escapes, encoded twice) and
// compatibility forms of letters and digits (mathematical bold and italic, circled, parenthesized,
// full-width). Every detector reads the one reader's view of the text (reader-view.ts); what it
// finds there is masked in the text as written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { originalRange, readerView, showsAsWritten } from '../../src/masking/detectors/reader-view.ts';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { mask } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

/** Letters and digits in a style of Unicode's mathematical alphanumerics, from the capital A of the style. */
function styled(text: string, capitalA: number, zero?: number): string {
  return text.replace(/[A-Za-z0-9]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code <= 57) return zero === undefined ? c : String.fromCodePoint(zero + code - 48);
    return String.fromCodePoint(code >= 97 ? capitalA + 26 + code - 97 : capitalA + code - 65);
  });
}
const bold = (text: string): string => styled(text, 0x1d400, 0x1d7ce);
const italic = (text: string): string => styled(text, 0x1d434).replace(/\u{1d455}/u, 'ℎ'); // italic h is a letter-like symbol
const circled = (text: string): string => text.replace(/[a-z]/g, (c) => String.fromCodePoint(0x24d0 + c.charCodeAt(0) - 97));

describe('attack corpus: values written in escapes', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['email', 'ada\\u0040example.com', 'ada'],
    ['email', 'ada\\u{40}example.com', 'ada'],
    ['email', 'ada\\x40example.com', 'ada'],
    ['email', 'ada&commat;example.com', 'ada'],
    ['email', 'ada&#64;example&#46;com', 'ada'],
    ['email', 'ada%40example%2Ecom', 'ada'],
    ['email', 'mailto:ada%2540example.com', 'ada'],
    ['email', '{"to":"ada\\u0040example\\u002ecom"}', 'ada'],
    ['card', 'card &#52;111111111111111', '111111111111'],
    ['card', 'card 4111%201111%201111%201111', '1111%201111%2011'],
    ['password', 'GET /login?password%3DHunter2Hunter2', 'Hunter2'],
    ['password', 'password&#61;Hunter2Hunter2', 'Hunter2'],
    ['aws_access_key', 'key=\\x41KIAIOSFODNN7EXAMPLE', 'IOSFODNN7'],
    // A backslash before a mark, as JSON writes "/" ("\/", PHP's json_encode by default) and regexes write "." and "@".
    ['url_password', '{"dsn":"postgres:\\/\\/app:hunter2@db\\/shop"}', 'hunter2'],
    ['email', 'ada\\.lovelace\\@example\\.com', 'lovelace'],
    ['card', 'card 4111\\-1111\\-1111\\-1111', '1111\\-1111\\-11'],
  ];
  it('masks each value whose escapes a reader decodes, with the detector that owns it', () => {
    const leaks: string[] = [];
    for (const [detector, text, core] of cases) {
      const out = mask(defaults, text);
      if (out.text.includes(core) || !out.counts[`detector:${detector}`]) leaks.push(`${detector}: ${JSON.stringify(text)} -> ${JSON.stringify(out.text)} ${JSON.stringify(out.counts)}`);
    }
    assert.deepEqual(leaks, []);
  });

  it('leaves encoded text that decodes to nothing sensitive as it is', () => {
    for (const text of [
      'GET /search?q=hello%20world&lang=en%2Dus HTTP/1.1',
      'Tom &amp; Jerry &lt;3 &quot;cartoons&quot; &nbsp;',
      'printf "\\x1b[31mred\\x1b[0m"',
      'const s = "caf\\u00e9 \\u{1F600}";',
      '50%40 off, 100%25 sure',
      'C:\\x64\\build\\u2026',
      'R&D; Q&A; AT&T;',
    ]) {
      assert.equal(defaults.maskText(text), text, JSON.stringify(text));
    }
  });
});

describe('attack corpus: values written in compatibility forms of letters and digits', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['email', bold('ada.lovelace@example.com'), bold('lovelace')],
    ['email', italic('ada.lovelace@example.com'), italic('lovelace')],
    ['email', circled('ada.lovelace@example.com'), circled('lovelace')],
    ['email', `${bold('ada')}.lovelace@example.com`, 'lovelace'],
    ['github_token', bold('ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'), bold('m3N4o5P6q7R8')],
    ['aws_access_key', circled('akia').toUpperCase() + 'IOSFODNN7EXAMPLE', 'IOSFODNN7'],
    ['aws_access_key', `${bold('AKIA')}IOSFODNN7EXAMPLE`, 'IOSFODNN7'],
    ['password', `${bold('password')}=Hunter2Hunter2`, 'Hunter2'],
    ['iban', bold('DE89 3704 0044 0532 0130 00'), bold('0532 0130')],
  ];
  it('masks each value a reader reads through the styled letters', () => {
    const leaks: string[] = [];
    for (const [detector, text, core] of cases) {
      const out = mask(defaults, text);
      if (out.text.includes(core) || !out.counts[`detector:${detector}`]) leaks.push(`${detector}: ${JSON.stringify(text)} -> ${JSON.stringify(out.text)} ${JSON.stringify(out.counts)}`);
    }
    assert.deepEqual(leaks, []);
  });

  it('keeps a styled first letter whole in the partial style', () => {
    assert.equal(defaults.maskText(bold('ada@example.com')), `${bold('a')}***@${bold('example.com')}`);
  });

  it('leaves styled prose, numbered lists and symbols as they are', () => {
    for (const text of [
      `${bold('Release notes')}: ${italic('see below')}`,
      '① install ② configure ③ run',
      'H₂O at 25 °C, E=mc², Acme™ No. ⑴',
      'ﬁle ﬂow №5 ½ cup',
      'ＳＥＬＥＣＴ 1 ＦＲＯＭ t',
    ]) {
      assert.equal(defaults.maskText(text), text, JSON.stringify(text));
    }
  });
});

describe('attack corpus: values cut into string literals that a program joins', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['aws_access_key', 'key = "AKIAIOSFOD" + "NN7EXAMPLE"', 'IOSFOD'],
    ['github_token', "token = 'ghp_a1B2c3D4e5F6g7H8i9J0' + 'k1L2m3N4o5P6q7R8'", 'k1L2m3N4'],
    ['github_token', 'TOKEN = ("ghp_a1B2c3D4e5F6g7H8i9J0"\n         "k1L2m3N4o5P6q7R8")', 'k1L2m3N4'],
    ['card', "SELECT '4111 1111' || ' 1111 1111'", '4111 1111'],
    ['card', 'card = "4111" + "1111" + "1111" + "1111"', '"1111" + "1111" + "'],
    ['ssn', 'ssn: "536" + "90" + "4417"', '4417'],
    ['password', "conn = 'password=Hunter2' . 'Hunter2'", 'Hunter2'],
    ['email', 'to = "ada.lovelace@" + "example.com"', 'lovelace'],
  ];
  it('masks each value a reader reads whole across the seams', () => {
    const leaks: string[] = [];
    for (const [detector, text, core] of cases) {
      const out = mask(defaults, text);
      if (out.text.includes(core) || !out.counts[`detector:${detector}`]) leaks.push(`${detector}: ${JSON.stringify(text)} -> ${JSON.stringify(out.text)} ${JSON.stringify(out.counts)}`);
    }
    assert.deepEqual(leaks, []);
  });

  it('leaves code that joins ordinary strings as it is', () => {
    for (const text of [
      "SELECT first_name || ' ' || last_name FROM users",
      'print("Total: " + str(n) + " items")',
      'echo "$HOME" "$PATH"',
      '{"a": "1", "b": "2", "c": ""}',
      'assert "1" + "2" == "12"',
      "git commit -m 'fix' -m 'tests'",
    ]) {
      assert.equal(defaults.maskText(text), text, JSON.stringify(text));
    }
  });
});

describe('attack corpus: values written one character at a time', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['email', 'write to a d a . l o v e l a c e @ e x a m p l e . c o m', 'l o v e'],
    ['aws_access_key', 'A K I A I O S F O D N N 7 E X A M P L E', 'O D N N 7'],
    ['password', 'p a s s w o r d = H u n t e r 2 H u n t e r 2', 'H u n t'],
    ['iban', 'iban: d e 8 9 3 7 0 4 0 0 4 4 0 5 3 2 0 1 3 0 0 0', '0 5 3 2'],
  ];
  it('masks each value a reader reads through the spaces', () => {
    const leaks: string[] = [];
    for (const [detector, text, core] of cases) {
      const out = mask(defaults, text);
      if (out.text.includes(core) || !out.counts[`detector:${detector}`]) leaks.push(`${detector}: ${JSON.stringify(text)} -> ${JSON.stringify(out.text)} ${JSON.stringify(out.counts)}`);
    }
    assert.deepEqual(leaks, []);
  });

  it('leaves spaced letters, digits and rules that spell nothing as they are', () => {
    for (const text of ['a b c d e f g', 'S E L E C T * F R O M t', '| a | b | c | d | e | f |', '1 2 3 4 5 6 7 8 9 0 1 2', '- - - - - - - -', 'x x x x x x x x']) {
      assert.equal(defaults.maskText(text), text, JSON.stringify(text));
    }
  });
});

describe('reader view', () => {
  it('maps each character of the view back to the escape or styled form it was read from', () => {
    const text = `x%2540${bold('ab')}&#46;\u200by`;
    const view = readerView(text);
    assert.equal(view?.text, 'x@ab.y');
    assert.deepEqual(originalRange(view!, 1, 4), [1, text.indexOf('&')]);
    assert.deepEqual(originalRange(view!, 0, view!.text.length), [0, text.length]);
  });

  it('adds what a base64 run decodes to after the text, each character standing for the whole run', () => {
    const run = Buffer.from('ada@example.com!').toString('base64');
    const text = `b64 ${run} end`;
    const view = readerView(text);
    assert.equal(view?.text, `${text}\0ada@example.com!`);
    const at = view!.text.indexOf('ada@');
    assert.deepEqual(originalRange(view!, at, at + 'ada@example.com'.length), [4, 4 + run.length]);
    assert.equal(showsAsWritten(view!, at), false);
    assert.equal(showsAsWritten(view!, 0), true);
  });

  it('is the text itself for ASCII text without escapes', () => {
    assert.equal(readerView('plain ascii 100% sure & done'), undefined);
  });
});

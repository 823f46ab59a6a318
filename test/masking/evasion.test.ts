// Attack corpus: values an agent shaped in SQL or shell so a detector would miss them, then reads
// anyway (`email || '123'`, `translate(ssn, '0123456789', '０１２３４５６７８９')`,
// `replace(ssn, '-', '–')`). Each case must come out with the value gone; ordinary text beside
// them must come out as it went in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { luhnValid } from '../../src/masking/checksums.ts';
import { asciiDigits } from '../../src/masking/detectors/chars.ts';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { VALIDATORS } from '../../src/masking/validators.ts';
import { mask, maskerWith, onlyDetectors } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

/** Zero of every kind of decimal digit an agent may translate into. */
const ZEROS: Record<string, number> = {
  ascii: 0x30,
  fullwidth: 0xff10,
  arabicIndic: 0x660,
  extendedArabicIndic: 0x6f0,
  devanagari: 0x966,
  bengali: 0x9e6,
  thai: 0xe50,
  mathBold: 0x1d7ce,
  mathDoubleStruck: 0x1d7d8,
  mathMonospace: 0x1d7f6,
};

function inScript(text: string, zero: number): string {
  return text.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
}

/**
 * Digits that are no decimal digits to Unicode (\p{No}) and still read as one: superscripts,
 * subscripts, circled, parenthesized and dotted forms. Each string holds 0-9 (a space: no such zero).
 */
const NUMBER_FORMS: Record<string, string> = {
  superscript: '⁰¹²³⁴⁵⁶⁷⁸⁹',
  subscript: '₀₁₂₃₄₅₆₇₈₉',
  circled: '⓪①②③④⑤⑥⑦⑧⑨',
  negativeCircled: '⓿❶❷❸❹❺❻❼❽❾',
  doubleCircled: ' ⓵⓶⓷⓸⓹⓺⓻⓼⓽',
  sansCircled: '🄋➀➁➂➃➄➅➆➇➈',
  sansNegativeCircled: '🄌➊➋➌➍➎➏➐➑➒',
  parenthesized: ' ⑴⑵⑶⑷⑸⑹⑺⑻⑼',
  fullStop: '🄀⒈⒉⒊⒋⒌⒍⒎⒏⒐',
  comma: '🄁🄂🄃🄄🄅🄆🄇🄈🄉🄊',
};

function inForm(text: string, form: string): string {
  const digits = [...form];
  return text.replace(/[0-9]/g, (d) => (digits[Number(d)] === ' ' ? d : (digits[Number(d)] ?? d)));
}

/** Every other digit in another script: "1２3４…". */
function mixed(text: string, zero: number): string {
  let i = 0;
  return text.replace(/[0-9]/g, (d) => (i++ % 2 === 1 ? String.fromCodePoint(zero + Number(d)) : d));
}

/** Dashes an agent may put where a "-" stood. */
const DASHES = ['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe63', '\uff0d'];
/** Spaces an agent may put where a " " stood. */
const SPACES = [' ', '\u00a0', '\u2007', '\u2009', '\u202f', '\u3000', '\u2800'];
/**
 * Characters that show as nothing, which an agent may put between two digits or letters: format
 * characters, and default-ignorables of every other kind (Hangul fillers are letters to Unicode,
 * variation selectors marks, reserved ones unassigned; some beyond the Basic Multilingual Plane).
 */
const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u3164', '\uffa0', '\u115f', '\u034f', '\u180b', '\u2065', '\ufff0', '\ufe00', '\ufe0f', '\u{e0100}', '\u{e0041}', '\u{e0080}'];

// Keys, tokens and gatehouse's own secrets threaded with characters that draw nothing, or written
// full-width: a reader (a person, a model) still reads them, so must the detectors.
describe('attack corpus: secrets threaded with characters that draw nothing', () => {
  const held = 'Vq7-hunter2-Zx-held';
  const masker = createMasker(DEFAULT_PROFILE, { secretValues: [held] });
  const SECRETS = [
    'AKIAIOSFODNN7EXAMPLE',
    `ghp_${'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'}`,
    'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
    `sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}`,
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    'password=Hunter2Hunter2',
    'glpat-xK3mN9pQ2rS5tV8wY1zA',
    held,
  ];
  const fullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  /** What a reader sees of the output: characters that draw nothing dropped, full-width read as ASCII. */
  const seen = (text: string) => fullWidthToAscii(text.replace(/[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, ''));
  const fullWidthToAscii = (text: string) => text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

  it('masks each, threaded anywhere or full-width, and leaves no piece of it to read', () => {
    const leaks: string[] = [];
    for (const secret of SECRETS) {
      const core = secret.slice(-12);
      const forms = [...INVISIBLES.flatMap((inv) => [[...secret].join(inv), `${secret.slice(0, 6)}${inv}${secret.slice(6)}`]), fullWidth(secret)];
      for (const form of forms) {
        const out = masker.maskText(`config: ${form} ;`);
        if (seen(out).includes(core) || !out.startsWith('config: ') || !out.endsWith(' ;')) leaks.push(`${JSON.stringify(form.slice(0, 30))} -> ${JSON.stringify(out.slice(0, 60))}`);
      }
    }
    assert.deepEqual(leaks, []);
  });

  it('leaves ordinary text with such characters as it is', () => {
    for (const text of ['ad\u200bmin panel', 'ＳＥＬＥＣＴ 1 ＦＲＯＭ t', 'I \u2764\ufe0f this', 'word\u2060joiner', 'ｐａｓｓｗｏｒｄ reset link sent']) {
      assert.equal(defaults.maskText(text), text, JSON.stringify(text));
    }
  });
});

describe('attack corpus: emails glued to other text', () => {
  const partial = onlyDetectors(['email']);
  const redact = onlyDetectors(['email'], { detectors: { email: { style: 'redact' } } });
  const glued = [
    'lovelace@example.com123',
    'lovelace@example.comXYZ',
    'lovelace@example.com_1',
    'lovelace@example.com-1',
    'lovelace@example.com.123',
    'lovelace@example.com-\nx',
    'lovelace@example.com.\n1',
    `lovelace@example.com${'x'.repeat(240)}`,
    `lovelace@example.com${'x'.repeat(400)}`,
    `lovelace@example.com${'1'.repeat(300)}`,
    '123lovelace@example.com',
    'x..lovelace@example.com',
    'x.-.lovelace@example.com',
    `${'y'.repeat(300)}lovelace@example.com`,
    'lovelace@example.combob@example.com',
    'lovelace@example.com123bob@example.net',
    'row: lovelace@example.com123, next',
    'lovelace@example.com１２３',
    'lovelace＠example．com123',
  ];

  for (const [name, masker] of [
    ['partial', partial],
    ['redact', redact],
    ['default profile', defaults],
  ] as const) {
    it(`masks the address whatever is glued to it (${name})`, () => {
      const leaks: string[] = [];
      for (const text of glued) {
        const out = mask(masker, text);
        if (/lovelace|ｌｏｖｅｌａｃｅ/i.test(out.text) || /bob/.test(out.text) || !out.counts['detector:email']) {
          leaks.push(`${JSON.stringify(text.slice(0, 60))} -> ${JSON.stringify(out.text.slice(0, 60))}`);
        }
      }
      assert.deepEqual(leaks, []);
    });
  }

  it('keeps the address its own in the partial style, and the text glued to it', () => {
    assert.equal(mask(partial, 'ada@example.com123').text, 'a***@example.com123');
    assert.equal(mask(partial, 'ada@example.com-1').text, 'a***@example.com-1');
    assert.equal(mask(partial, 'ada@example.com.123').text, 'a***@example.com.123');
    // Two dots cannot stand in an address, but a reader reads past them: the whole run is masked.
    assert.equal(mask(partial, 'x..ada@example.com').text, 'x***@example.com');
  });

  it('leaves what is no address', () => {
    for (const decoy of ['pkg@1.2.3', 'user@localhost', 'ops@10.0.0.5', 'a@b', 'x@y.1', 'see @example.com123', '@types/node@20.1.0', 'v1.2.3@4.5.6']) {
      assert.equal(mask(partial, decoy).text, decoy, decoy);
    }
  });
});

describe('attack corpus: emails altered inside', () => {
  // Each is an address a reader still reads (or a program decodes) as ada.lovelace@example.com:
  // no part of the local part may stay outside the mask.
  const altered = [
    'ada..lovelace@example.com',
    'ada...lovelace@example.com',
    '.ada.lovelace@example.com',
    'ada.lovelace.@example.com',
    ...[..."'!#$&*?^`~"].map((c) => `ada${c}lovelace@example.com`),
    'ada.lovelace@@example.com',
    'ada.lovelace@@@example.com',
    'ada.lovelace@＠example.com',
    'ada.lovelace@example..com',
    'ada.lovelace@.example.com',
    'ada.lovelace%40example.com',
    'ada.lovelace%40EXAMPLE.COM',
    'GET /unsubscribe?email=ada.lovelace%40example.com&list=7 HTTP/1.1',
    'mailto:ada.lovelace%40example.com',
    'ada.lovelace&#64;example.com',
    'ada.lovelace&#064;example.com',
    'ada.lovelace&#x40;example.com',
    '<a href="mailto:ada.lovelace&#X40;example.com">write</a>',
    'ada..lovelace%40example..com',
  ];

  for (const [name, masker] of [
    ['partial', onlyDetectors(['email'])],
    ['redact', onlyDetectors(['email'], { detectors: { email: { style: 'redact' } } })],
    ['default profile', defaults],
  ] as const) {
    it(`masks the whole address however it was altered (${name})`, () => {
      const leaks: string[] = [];
      for (const text of altered) {
        const out = mask(masker, text);
        if (/ada|lovelace/i.test(out.text) || out.counts['detector:email'] !== 1) leaks.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
      }
      assert.deepEqual(leaks, []);
    });
  }

  it('masks the whole address when characters that show as nothing split it anywhere', () => {
    const leaks: string[] = [];
    for (const inv of INVISIBLES) {
      for (const text of [`ada${inv}lovelace@example.com`, `ada.lovelace${inv}@${inv}example.com`, `ada.lovelace@exa${inv}mple.c${inv}om`, `${inv}ada.lovelace@example.com${inv}`]) {
        const out = mask(defaults, text);
        if (/ada|lovelace/i.test(out.text) || out.counts['detector:email'] !== 1) leaks.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
      }
    }
    assert.deepEqual(leaks, []);
  });

  it('leaves text that only looks encoded, and keeps the text around an address', () => {
    const partial = onlyDetectors(['email']);
    for (const decoy of ['50%40 off', 'save 10%40example', 'a&#64;b', 'Q&A @ noon', 'R&D@home', '100%40x.1']) {
      assert.equal(mask(partial, decoy).text, decoy, decoy);
    }
    assert.equal(mask(partial, '?email=ada%40example.com&x=1').text, '?email=[REDACTED:email]&x=1');
    assert.equal(mask(partial, "it's ada@example.com").text, "it's a***@example.com");
  });
});

describe('attack corpus: digits and separators beyond ASCII', () => {
  const ssnOnly = onlyDetectors(['ssn']);

  /** The value's digits, in any script, are nowhere in the output. */
  function leaked(out: string, digits: string): boolean {
    return asciiDigits(out).includes(digits);
  }

  function check(masker: typeof defaults, detector: string, texts: readonly string[], digits: string): string[] {
    const leaks: string[] = [];
    for (const text of texts) {
      const out = mask(masker, text);
      if (leaked(out.text, digits) || !out.counts[`detector:${detector}`]) leaks.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
    }
    return leaks;
  }

  const SSN = '536-90-4417';
  const SSN_DIGITS = '536904417';

  it('masks a dashed SSN in every script and with every dash, mixed too', () => {
    const texts: string[] = [];
    for (const zero of Object.values(ZEROS)) {
      for (const dash of DASHES) {
        texts.push(`on file: ${inScript(SSN.replaceAll('-', dash), zero)}.`);
        texts.push(mixed(SSN.replaceAll('-', dash), zero));
      }
    }
    texts.push('536-90\u20134417', '536\u221290-4417', '536-\u200b90-\u200b4417');
    assert.deepEqual(check(ssnOnly, 'ssn', texts, SSN_DIGITS), []);
    assert.deepEqual(check(defaults, 'ssn', texts, SSN_DIGITS), []);
  });

  it('masks a dashed SSN with invisible characters between its digits', () => {
    const texts = INVISIBLES.flatMap((inv) => [`53${inv}6-90-4417`, `536-9${inv}0-44${inv}17`, [...SSN].join(inv), `${inv}536-90-4417${inv}`]);
    assert.deepEqual(check(ssnOnly, 'ssn', texts, SSN_DIGITS), []);
  });

  it('masks an SSN after its keyword in every script, with any spaces, separators or none', () => {
    const texts: string[] = [];
    for (const zero of Object.values(ZEROS)) {
      for (const space of [...SPACES, '.', '/', '', ...INVISIBLES]) texts.push(`SSN: ${inScript(SSN.replaceAll('-', space), zero)}`);
      texts.push(`ssn ${[...SSN_DIGITS].map((d) => inScript(d, zero)).join('-')}`);
      texts.push(`"customer_ssn": "${mixed(SSN_DIGITS, zero)}"`);
    }
    assert.deepEqual(check(ssnOnly, 'ssn', texts, SSN_DIGITS), []);
  });

  it('reads the keyword as a reader sees it: full-width, styled, or with characters that show as nothing', () => {
    const keywords = ['ＳＳＮ', 'ｓｓｎ', '\u{1d42c}\u{1d42c}\u{1d427}', 'S\u200bSN', 's\u00adsn', 'ＳＯＣＩＡＬ ＳＥＣＵＲＩＴＹ', 'social\u00a0security', 'Soc.\u200bSec', 'S\u3164SN', 's\ufe0fs\u{e0100}n'];
    const texts = keywords.flatMap((keyword) => [`${keyword}: ${SSN_DIGITS}`, `${keyword} ${SSN.replaceAll('-', ' ')}`]);
    assert.deepEqual(check(ssnOnly, 'ssn', texts, SSN_DIGITS), []);
    // a 9-digit number after other words stays as it is
    assert.equal(mask(ssnOnly, `ｏｒｄｅｒ: ${SSN_DIGITS}`).text, `ｏｒｄｅｒ: ${SSN_DIGITS}`);
  });

  it('reads superscript, subscript, circled and parenthesized digits as the digits they show', () => {
    const ssnTexts: string[] = [];
    const cardTexts: string[] = [];
    const phoneTexts: string[] = [];
    for (const form of Object.values(NUMBER_FORMS)) {
      ssnTexts.push(`on file: ${inForm(SSN, form)}`, `SSN: ${inForm(SSN_DIGITS, form)}`, mixed(inForm(SSN, form), 0xff10));
      cardTexts.push(`card ${inForm('4111 1111 1111 1111', form)}`, inForm('4111111111111111', form));
      phoneTexts.push(`call ${inForm('(415) 555-2671', form)}`);
    }
    assert.deepEqual(check(ssnOnly, 'ssn', ssnTexts, SSN_DIGITS), []);
    assert.deepEqual(check(defaults, 'card', cardTexts, '4111111111111111'), []);
    assert.deepEqual(check(defaults, 'phone', phoneTexts, '5552671'), []);
    for (const form of Object.values(NUMBER_FORMS)) {
      assert.equal(VALIDATORS.us_ssn(inForm(SSN, form)), true, form);
      assert.equal(luhnValid(inForm('4111111111111111', form)), true, form);
    }
  });

  it('decides issuability on the digits\' values, in any script', () => {
    for (const zero of Object.values(ZEROS)) {
      for (const decoy of ['000-12-3456', '666-12-3456', '900-12-3456', '123-00-4567', '123-45-0000']) {
        const text = `ssn ${inScript(decoy, zero)}`;
        assert.equal(mask(ssnOnly, text).text, text, text);
        assert.equal(VALIDATORS.us_ssn(inScript(decoy, zero)), false, text);
      }
      assert.equal(VALIDATORS.us_ssn(inScript(SSN, zero)), true);
      assert.equal(VALIDATORS.us_ssn(inScript(SSN.replaceAll('-', '\u2013'), zero)), true);
      assert.equal(VALIDATORS.us_ssn(mixed(SSN_DIGITS, zero)), true);
    }
  });

  it('masks cards in every script and with every dash, space or invisible character', () => {
    const card = '4111 1111 1111 1111';
    const texts: string[] = [];
    for (const zero of Object.values(ZEROS)) {
      for (const sep of [...DASHES, ...SPACES, ...INVISIBLES]) {
        texts.push(`card ${inScript(card.replaceAll(' ', sep), zero)} exp`);
        texts.push(mixed(card.replaceAll(' ', sep), zero));
      }
    }
    assert.deepEqual(check(defaults, 'card', texts, '4111111111111111'), []);
  });

  it('masks phone numbers in every script and with every dash or space', () => {
    const texts: string[] = [];
    for (const zero of Object.values(ZEROS)) {
      for (const sep of [...DASHES, ...SPACES]) {
        texts.push(`call ${inScript(`(415) 555-2671`.replaceAll('-', sep), zero)} now`);
        texts.push(inScript(`415-555-2671`.replaceAll('-', sep), zero));
        texts.push(mixed(`+1 415 555 2671`.replaceAll(' ', sep), zero));
      }
    }
    assert.deepEqual(check(defaults, 'phone', texts, '5552671'), []);
  });

  it('checks Luhn, cards, IBANs and SSNs on the digits\' values for custom detectors', () => {
    for (const zero of Object.values(ZEROS)) {
      const card = inScript('4111111111111111', zero);
      assert.equal(luhnValid(card), true, card);
      assert.equal(luhnValid(inScript('4111111111111112', zero)), false);
      assert.equal(VALIDATORS.card(card), true, card);
      assert.equal(VALIDATORS.card(inScript('4111\u20131111\u20131111\u20131111', zero)), true);
      assert.equal(VALIDATORS.card(mixed('4111 1111 1111 1111', zero)), true);
      assert.equal(VALIDATORS.iban(inScript('DE89 3704 0044 0532 0130 00', zero)), true);
    }
    const custom = maskerWith({
      detectors: { card: false, phone: false, ssn: false },
      custom: [{ name: 'account', pattern: String.raw`\p{Nd}{16}`, flags: 'u', validator: 'luhn' }],
    });
    for (const zero of Object.values(ZEROS)) {
      const text = `acct ${inScript('4111111111111111', zero)}`;
      assert.equal(mask(custom, text).text, 'acct [REDACTED:account]', text);
    }
  });

  it('leaves dates, versions, amounts and ids written in other scripts', () => {
    const decoys = ['２０２４-０５-０１', '٢٠٢٤/٠٥/٠١', 'v１.２.３', '１２３,４５６,７８９', 'ORD-１２３４５', '１２３４５６７８９', '১২৩৪৫৬৭৮৯', 'build 536\u200b904417', 'order 536\u2009904\u2009417', 'E = mc², x³ + y³ = z³', 'see ⑴, ⑵ and ⑶', 'H₂O at 10⁵ Pa'];
    for (const decoy of decoys) assert.equal(mask(defaults, decoy).text, decoy, decoy);
  });
});

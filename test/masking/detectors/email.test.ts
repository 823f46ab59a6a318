import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEmailDetector } from '../../../src/masking/detectors/email.ts';
import { createFacts, readFacts } from '../../../src/masking/detectors/text-facts.ts';
import { mask, onlyDetectors } from '../helpers.ts';

/** The spans the detector itself emits on `text` as written (the masker reads a cleaned view first). */
function spans(text: string): Array<[number, number]> {
  const facts = createFacts();
  readFacts(text, facts);
  const found: Array<[number, number]> = [];
  createEmailDetector().scan(text, (start, end) => found.push([start, end]), facts);
  return found;
}

const partial = onlyDetectors(['email']);
const redact = onlyDetectors(['email'], { detectors: { email: { style: 'redact' } } });

describe('email detector', () => {
  it('keeps the first character and the domain in the partial style', () => {
    assert.equal(mask(partial, 'to: john.doe+tag@mail.example.com,').text, 'to: j***@mail.example.com,');
    assert.equal(mask(partial, '<Alice@Example.ORG>').text, '<A***@Example.ORG>');
  });

  it('finds several addresses in one string', () => {
    const result = mask(partial, 'a.b@example.com; c@example.net and d_e@sub.example.io.');
    assert.equal(result.text, 'a***@example.com; c***@example.net and d***@sub.example.io.');
    assert.deepEqual(result.counts, { 'detector:email': 3 });
  });

  it('leaves addresses without a TLD, IP hosts, package versions and URL user names', () => {
    for (const decoy of ['user@localhost', 'ops@10.0.0.5', 'pkg@1.2.3', '@types/node@20.1.0', 'ftp://john@files.example.com/x', 'a@b']) {
      assert.equal(mask(partial, decoy).text, decoy, decoy);
    }
  });

  // RFC 6531 lets an address hold letters of any script: read as ASCII only, `josé@…` was no
  // address at all and `zoë.ångström@…` kept all of its name but the last letter outside the mask.
  it('finds an address written in any script, its whole local part under the mask', () => {
    const cases: Array<[string, string]> = [
      ['josé@example.com', 'j***@example.com'],
      ['pelé@brasil.com.br', 'p***@brasil.com.br'],
      ['zoë.ångström@example.se', 'z***@example.se'],
      ['contact: renée.dupont@exemple.fr, thanks', 'contact: r***@exemple.fr, thanks'],
      ['user@bücher.de', 'u***@bücher.de'],
      ['иван@пример.рф', 'и***@пример.рф'],
      ['ivan@пример.рф', 'i***@пример.рф'],
      ['δοκιμή@παράδειγμα.δοκιμή', 'δ***@παράδειγμα.δοκιμή'],
      ['用户@例子.广告', '用***@例子.广告'],
      ['राम.शर्मा@उदाहरण.भारत', 'र***@उदाहरण.भारत'],
      ['ناصر@مثال.السعودية', 'ن***@مثال.السعودية'],
      ['john\u2024doe@example\u2024com', 'j***@example\u2024com'],
      ['ada\ufe52lovelace@example.com', 'a***@example.com'],
    ];
    for (const [text, masked] of cases) assert.equal(mask(partial, text).text, masked, text);
    const spelled = mask(partial, 'zoë dot ångström at example dot se');
    assert.deepEqual(spelled.counts, { 'detector:email': 1 });
    assert.doesNotMatch(spelled.text, /ångström/);
  });

  // RFC 5322 lets a local part be quoted, spaces and all, and a domain be an IP literal in brackets.
  it('finds an address with a quoted local part or an IP literal for its domain, and leaves a login at a bare IP', () => {
    const cases: Array<[string, string]> = [
      ['"john doe"@example.com', '"***@example.com'],
      ['to: "Ada Lovelace"@example.com, thanks', 'to: "***@example.com, thanks'],
      ['john.doe@[192.168.1.1]', 'j***@[192.168.1.1]'],
      ['ada@[IPv6:2001:db8::1]', 'a***@[IPv6:2001:db8::1]'],
    ];
    for (const [text, masked] of cases) assert.equal(mask(partial, text).text, masked, text);
    for (const decoy of ['ops@10.0.0.5', 'ssh root@[::1]', 'x "" @example.com', 'say "hi" @ noon']) assert.equal(mask(partial, decoy).text, decoy, decoy);
  });

  it('takes what is glued to an address as part of it', () => {
    assert.equal(mask(partial, 'mailada@example.comend').text, 'm***@example.comend');
  });

  it('reads a line break inside an address as part of it, and one after a whole domain as its end', () => {
    assert.equal(mask(partial, 'ada@exam\nple.com').text, 'a***@exam\nple.com');
    assert.equal(mask(partial, 'ad\r\na@example.com').text, 'a***@example.com');
    assert.deepEqual(mask(partial, 'ada@example.com\nbob@example.com').counts, { 'detector:email': 2 });
    // A last label with a digit or a hyphen in it is no whole domain, however many letters follow;
    // a top-level domain in capitals is one, from its first letter ("A") on.
    assert.equal(mask(partial, 'ada@mail.x1ab\nexample.com').text, 'a***@mail.x1ab\nexample.com');
    assert.equal(mask(partial, 'ada@mail.x-ab\nexample.com').text, 'a***@mail.x-ab\nexample.com');
    assert.equal(mask(redact, 'ada@example.CA\nbob').text, '[REDACTED:email]\nbob');
  });

  it('takes spaces around the "@" only on both sides', () => {
    assert.equal(mask(partial, 'ada @ example.com').text, 'a***@ example.com');
    assert.equal(mask(partial, 'cc @ada.lovelace').text, 'cc @ada.lovelace');
  });

  it('does not treat the password of a URL as an address', () => {
    const url = 'postgres://app:pw@db.example.com/shop';
    assert.equal(mask(partial, url).text, url);
  });

  it('ends a host name where the last valid top-level domain ends, whatever is glued after it', () => {
    // Each one fails as a whole address, so the longest valid host name inside decides.
    const cases: Array<[string, string]> = [['ada@example.com123', 'a***@example.com123'], ['ada@example.io123', 'a***@example.io123'], ['ada@example.com.c0m', 'a***@example.com.c0m'], ['ada@mail.example.co.uk_1', 'a***@mail.example.co.uk_1']];
    for (const [glued, shown] of cases) {
      assert.equal(mask(partial, glued).text, shown, glued);
    }
  });
  it('ends an address before a dot or hyphen that closes the sentence, and steps over invisible characters beyond the BMP but not over an emoji', () => {
    const cases: Array<[string, string]> = [
      ['mail ada@example.com.', 'mail [REDACTED:email].'],
      ['mail ada@example.com-', 'mail [REDACTED:email]-'],
      ['mail ada@example.com.-', 'mail [REDACTED:email].-'],
      // A tag character (U+E0041) and a variation selector inside the domain: invisible, read past.
      ['mail ada@exa\u{E0041}mple.com.', 'mail [REDACTED:email].'],
      ['mail ada@example.c\u{E0041}om', 'mail [REDACTED:email]'],
      ['mail ada@exa\u{FE0F}mple.com', 'mail [REDACTED:email]'],
      // An emoji is a character of its own: it ends the host name, and "ada@exa" is no address.
      ['mail ada@exa\u{1F600}mple.com', 'mail ada@exa\u{1F600}mple.com'],
      ['mail ada@example.com\u{1F600}', 'mail [REDACTED:email]\u{1F600}'],
    ];
    for (const [text, masked] of cases) assert.equal(mask(redact, text).text, masked, text);
  });
  it('emits the span of the address as written: invisible characters beyond the BMP inside it, a closing dot, hyphen or joiner outside it', () => {
    assert.deepEqual(spans('ada@exa\u{E0041}mple.com.'), [[0, 17]], 'a tag character (two code units) inside the domain');
    assert.deepEqual(spans('ada@example.com.'), [[0, 15]]);
    assert.deepEqual(spans('ada@example.com-'), [[0, 15]]);
    assert.deepEqual(spans('ada@example.com\u200b'), [[0, 15]], 'a joiner after the domain');
    assert.deepEqual(spans('ada@exa\u{1F600}mple.com'), [], 'an emoji is no joiner');
  });
});

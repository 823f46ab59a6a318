// Email addresses written so that no "@" or no dot is there to see, and the prose that uses the
// same words and must stay as it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../../src/masking/index.ts';
import { mask, onlyDetectors } from '../helpers.ts';

const partial = onlyDetectors(['email']);
const redact = onlyDetectors(['email'], { detectors: { email: { style: 'redact' } } });
const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

/** Each is read as ada.lovelace+news@mail.example.co.uk or a shorter form of it. */
const spelled = [
  'ada at example dot com',
  'ada [at] example [dot] com',
  'ada(at)example(dot)com',
  'ada {at} example {dot} co {dot} uk',
  'ada AT example DOT com',
  'ada At Example Dot Com',
  'ada@example[.]com',
  'ada [@] example.com',
  'ada [ at ] example [ dot ] com',
  'ada <at> example <dot> com',
  'ada (at) example (dot) com',
  'ada(@)example(.)com',
  'ada[at]example[.]com',
  'ada[at]example.com',
  'ada (at) example.com',
  'ada@example dot com',
  'ada @ example dot com',
  'ada@example{dot}co{dot}uk',
  'ada at\texample dot com',
  'ada at mail dot example dot com',
  'ada [at] mail [dot] example [dot] co [dot] uk',
  'ada at mail.example dot com',
  'ada+news at example dot com',
  'ada+news [at] mail [dot] example [dot] com',
  'ada.lovelace at example dot com',
  'ada dot lovelace at example dot com',
  'ada [dot] lovelace [at] example [dot] com',
  'ada_lovelace at example-mail dot com',
  'ada at example dot io',
  'ada at example dot co dot uk',
  'ADA AT EXAMPLE DOT COM',
  'ada  at  example  dot  com',
  'ada\u00a0at\u00a0example\u00a0dot\u00a0com',
  'ada［at］example［dot］com',
  'ada（at）example（dot）com',
  'ada%40example[.]com',
  'ada&#64;example(dot)com',
  'a dot d dot a at example dot com',
  'a\u200bda at exam\u00adple dot com',
  'ada ＠ example dot com',
  'ａｄａ at ｅｘａｍｐｌｅ dot ｃｏｍ',
  'ada at example．com [dot] uk',
  // Any top-level domain after an "@" or a bracketed "at": the known ones only after the bare word.
  'ada [at] example [dot] engineering',
  'ada@example[.]engineering',
  // A dot hidden in the local part is enough.
  'ada dot lovelace at example.com',
  'ada[.]lovelace@example.com',
  // So is the bare word "at" after a name that holds a dot, an underscore or a plus: no word of prose does.
  'ada.lovelace at example.com',
  'ada_lovelace at mail.example.co.uk',
  'ada+news at example.com',
  // The words glued between two of the same mark, spaces around them or none.
  'ada-at-example-dot-com',
  'ada_at_example_dot_com',
  'ada_dot_lovelace_at_mail_dot_example_dot_co_dot_uk',
  'ada-lovelace-at-example-dot-com',
  'ada -at- example -dot- com',
  'ada "at" example "dot" com',
  "ada 'at' example 'dot' com",
  'ada *at* example *dot* com',
  'ADA_AT_EXAMPLE_DOT_COM',
  // "period" for the dot; spaces around a plain dot; dots a reader takes for one.
  'ada at example period com',
  'ada (at) example (period) com',
  'ada [at] example [period] co [period] uk',
  'ada@example . com',
  'ada@example .com',
  'ada@example·com',
  'ada@example・co・uk',
];

/** The same, inside the text a result carries them in. */
const inContext = [
  'contact: ada at example dot com, or call',
  '{"note":"write to ada [at] example [dot] com"}',
  'reply to <ada(at)example(dot)com> today',
  'ping ada at example dot com.',
  'meet at noon, or write ada at example dot com',
  '| 42 | ada {at} example {dot} co {dot} uk | active |',
];

/** Ordinary text with "at", "dot", brackets and "@" in it: none is an address. */
const prose = [
  'look at the data dot by dot',
  'meet at noon',
  'at home',
  'version 1.2 at example',
  'where at least one dot com company',
  'he worked at the dot com boom',
  'stared at a dot on the map',
  'good at polka dot dresses',
  'aimed at red dot sights',
  'the service is deployed at app.example.com',
  'listening at api.example.com:8443',
  'meet me at 10.30 at the station',
  'at 12:00 at home dot',
  'dot product at scale',
  'arrived at noon on the dot',
  'look at it dot by dot',
  'Exception in thread "main" java.lang.NullPointerException\n\tat com.example.shop.Cart.total(Cart.java:42)',
  '\tat org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:356)',
  'SELECT created_at, updated_at FROM orders WHERE created_at > now() - interval \'1 day\'',
  "SELECT ts AT TIME ZONE 'UTC' FROM events",
  'SELECT a.id, b.name FROM accounts a JOIN users b ON a.user_id = b.id',
  '2024-05-01T12:00:07Z INFO job done at 12:00 [at] worker-3 took=12ms',
  '[INFO] started at [12:00] dot matrix printer ready',
  'files: report.final.pdf, data.dot, graph (dot).svg',
  'render graph.dot at 300 dpi',
  'dotnet build at src/App.csproj',
  'see [at] docs for details',
  'map[at] = 1; obj.at(2)',
  'meet at (noon) dot',
  'arr.at(-1) and str.at(0) at runtime',
  'the dot at the end of the sentence.',
  'cost at 5 dot 50',
  'I put a dot at the end',
  '@types/node@20.1.0',
  'cc @ada.lovelace',
  'see README.md at the top, and config.yaml at the root',
  'ERROR foo.bar at com.example.Main.run(Main.java:3)',
  'render graph.dot at 300 dpi on api.example.com',
  'we met at noon。It rained',
  // A spelled separator elsewhere in the text does not make these addresses.
  'the service is deployed at app.example.com (see the dot graph)',
  'cc @ada dot lovelace',
  // Identifiers glue words with "_" and "-": without a dot spelled the same way, no address.
  'created_at_utc.json',
  'run_at_boot.sh',
  'updated_at_index.html',
  'state-at-large.com',
  'x-at-y-dot-z',
  'SELECT created_at, "at" FROM t',
  'say "at" home.page',
  // "period" and spaced dots in prose.
  'We met at lunch period one',
  'the grace period ends at noon period',
  'email me@home . Thanks',
  'end of sentence . Next one at example.com',
  'Home · About · Contact',
  'menu: file·edit·view',
];

describe('email detector: addresses spelled out', () => {
  for (const [name, masker, expected] of [
    ['redact', redact, '[REDACTED:email]'],
    ['partial', partial, '[REDACTED:email]'],
    ['default profile', defaults, '[REDACTED:email]'],
  ] as const) {
    it(`masks every spelled form whole (${name})`, () => {
      const missed: string[] = [];
      for (const text of spelled) {
        const out = mask(masker, text);
        // The partial style keeps the domain only after a plain "@".
        const want = name !== 'redact' && /^ada ?@ ?example/.test(text) ? out.text : expected;
        if (out.text !== want || /ada|lovelace/i.test(out.text) || out.counts['detector:email'] !== 1) {
          missed.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
        }
      }
      assert.deepEqual(missed, []);
    });
  }

  it('keeps the domain after a plain "@" in the partial style', () => {
    assert.equal(mask(partial, 'ada@example[.]com').text, 'a***@example[.]com');
    assert.equal(mask(partial, 'ada @ example dot com').text, 'a***@ example dot com');
  });

  it('gives a spelled address the pseudonym of the address it spells', () => {
    const pseudonyms = onlyDetectors(['email'], { detectors: { email: { style: 'pseudonym' } } }, { pseudonymKey: 'k'.repeat(32) });
    const plain = mask(pseudonyms, 'ada.lovelace@example.co.uk').text;
    assert.match(plain, /^email_[0-9a-f]{10}$/);
    for (const text of ['ada dot lovelace at example dot co dot uk', 'ada.lovelace(at)example(dot)co(dot)uk', 'Ada.Lovelace AT Example.co DOT uk', 'ada_dot_lovelace_at_example_dot_co_dot_uk']) {
      assert.equal(mask(pseudonyms, text).text, plain, text);
    }
    // After a bracketed "@" the partial style would keep half the brackets: such an address is redacted.
    assert.equal(mask(pseudonyms, 'ada.lovelace [@] example.co.uk').text, '[REDACTED:email]');
  });

  it('masks a local part up to 64 characters long, never from a spelled dot on', () => {
    // 5 + 1 + 60 characters are too many: the address begins after the spelled dot, not on it.
    assert.equal(mask(redact, `${'x'.repeat(5)} dot ${'y'.repeat(60)} at example dot com`).text, 'xxxxx dot [REDACTED:email]');
    // As written, "x dot " and 58 characters fit in 64; with 59 the spelled dot would begin the address.
    assert.equal(mask(redact, `x dot ${'y'.repeat(58)} at example dot com`).text, '[REDACTED:email]');
    assert.equal(mask(redact, `x dot ${'y'.repeat(59)} at example dot com`).text, 'x dot [REDACTED:email]');
    assert.equal(mask(redact, `${'a'.repeat(65)} at example dot com`).text, 'a[REDACTED:email]');
    // Wherever in the text the address stands.
    assert.equal(mask(redact, `${'-'.repeat(70)} ada dot lovelace at example dot com`).text, `${'-'.repeat(70)} [REDACTED:email]`);
  });

  it('begins an address with neither a dot nor a character that shows as nothing', () => {
    assert.equal(mask(redact, '.ada at example dot com').text, '.[REDACTED:email]');
    assert.equal(mask(redact, '\u200bada at example dot com').text, '\u200b[REDACTED:email]');
  });

  it('masks the address and no more of the text around it', () => {
    assert.deepEqual(
      inContext.map((text) => mask(redact, text).text),
      [
        'contact: [REDACTED:email], or call',
        '{"note":"write to [REDACTED:email]"}',
        'reply to <[REDACTED:email]> today',
        'ping [REDACTED:email].',
        'meet at noon, or write [REDACTED:email]',
        '| 42 | [REDACTED:email] | active |',
      ],
    );
  });

  // A bracketed dot needs both brackets: "ab dot)" and "ab.)" close nothing that opened, so the
  // word before them is no part of the local part.
  it('joins no word to the local part across a spelled dot whose bracket never opened', () => {
    for (const [text, masked] of [
      ['ab dot) lovelace (at) example (dot) com', 'ab dot) [REDACTED:email]'],
      ['ab.) lovelace (at) example (dot) com', 'ab.) [REDACTED:email]'],
    ] as const) {
      assert.equal(mask(redact, text).text, masked, text);
    }
  });

  it('masks an address spelled with the bare "at" at a known domain of every kind', () => {
    // A country code from each part of the list, generic, new and private-network domains.
    const domains = ['be', 'de', 'it', 'kr', 'nl', 'se', 'us', 'org', 'dev', 'internal'];
    const missed = domains.filter((tld) => mask(redact, `write to ada at example dot ${tld}`).text !== 'write to [REDACTED:email]');
    assert.deepEqual(missed, []);
    assert.equal(mask(redact, 'write to ada at example dot zzz').text, 'write to ada at example dot zzz', 'no such domain');
  });

  it('masks a name with a dot before the bare "at" whatever spaces hold the "at", with or without an "@" elsewhere in the text', () => {
    const spaces = ['  ', '\t', '\u00a0', '\u202f', '\u2009', '\u3000'];
    for (const before of ['', 'cc a@b: ']) {
      const missed = spaces.filter((s) => mask(redact, `${before}write to john.doe${s}at${s}example.com`).text !== `${before}write to [REDACTED:email]`);
      assert.deepEqual(missed, [], before);
    }
    for (const s of spaces) for (const text of [`deployed${s}at${s}app.example.com`, `john.doe${s}at${s}noon`]) assert.equal(mask(redact, text).text, text);
  });

  it('reads a long run of spaces once, not once for each of its spaces', () => {
    // Read once for each of its spaces, 200,000 spaces took half a minute here; read once, milliseconds.
    const text = `"${' '.repeat(200_000)}+ ada.lovelace at example.com`;
    assert.equal(mask(redact, text).text, `"${' '.repeat(200_000)}+ [REDACTED:email]`);
  });

  it('leaves prose, code and logs that use "at" and "dot" as words', () => {
    const changed = prose.filter((text) => mask(defaults, text).text !== text);
    assert.deepEqual(changed, []);
  });

  it('reads every letter and digit of a spelled label, the first and last of each range too', () => {
    for (const label of ['exa0mple', 'exa9mple', 'exaAmple', 'exaZmple', 'exaample', 'exazmple']) assert.equal(mask(defaults, `ada at ${label} dot com`).text, '[REDACTED:email]', label);
  });
});

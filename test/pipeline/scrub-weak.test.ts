// The second wall with weak secrets (allowed by `allowWeakSecrets` in test setups): such a secret is
// replaced only where it stands as a whole word, whole, and never inside the redaction marker; with
// no secret configured, text passes as it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createScrubber } from '../../src/pipeline/scrub.ts';

const R = '[REDACTED:secret]';

describe('scrubbing weak secrets', () => {
  it('passes text as it is when no secret, or only an empty one, is configured', () => {
    assert.equal(createScrubber([])('SELECT 1 -- x'), 'SELECT 1 -- x');
    assert.equal(createScrubber(['', 'x'])('a - b, x'), `a - b, ${R}`);
  });

  it('replaces a weak secret only as a whole word, when it is the only secret', () => {
    assert.equal(createScrubber(['x'])('max x-ray x'), `max ${R}-ray ${R}`);
  });

  it('replaces the longer of two weak secrets whole, not the shorter part of it', () => {
    assert.equal(createScrubber(['ab', 'ab-cd'])('ab-cd and ab'), `${R} and ${R}`);
    assert.equal(createScrubber(['ab-cd', 'ab'])('ab-cd and ab'), `${R} and ${R}`);
  });

  it('takes a weak secret’s characters literally', () => {
    assert.equal(createScrubber(['a.b'])('axb a.b'), `axb ${R}`);
  });

  it('never cuts its own marker, however often it scrubs', () => {
    const scrub = createScrubber(['secret']);
    assert.equal(scrub('a secret'), `a ${R}`);
    assert.equal(scrub(scrub('a secret')), `a ${R}`);
  });

  it('replaces weak and strong secrets side by side', () => {
    const strong = 'Vq7-hunter2-Zx';
    assert.equal(createScrubber(['x', strong])(`x max ${strong}`), `${R} max ${R}`);
  });
});

// An agent that threads a secret with characters that draw nothing (zero-width spaces, joiners,
// variation selectors, tags, fillers) or writes it full-width still reads the secret: so does the
// second wall, and it replaces the secret with what it was threaded with.
describe('scrubbing a secret threaded with characters that draw nothing', () => {
  const secret = 'Vq7-hunter2-Zx';
  const scrub = createScrubber([secret]);
  const threads = ['\u200b', '\u2060', '\ufeff', '\u00ad', '\u3164', '\ufe0f', '\u{e0100}', '\u{e0041}', '\u2065'];
  const fullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

  it('replaces it whole, wherever the threading stands, and keeps the text around it', () => {
    const texts = [...threads.flatMap((t) => [[...secret].join(t), `${secret.slice(0, 5)}${t}${secret.slice(5)}`]), fullWidth(secret), fullWidth(secret).replace('ｈ', 'h\u200b')];
    for (const text of texts) assert.equal(scrub(`pw: ${text}!`), `pw: ${R}!`, JSON.stringify(text));
    // Threading only around it changes nothing: the secret itself is replaced.
    for (const t of threads) assert.equal(scrub(`pw: ${t}${secret}${t}!`), `pw: ${t}${R}${t}!`);
  });

  it('finds two threaded copies and a plain one in one text', () => {
    const threaded = [...secret].join('\u200b');
    assert.equal(scrub(`${threaded} ${secret} ${fullWidth(secret)}`), `${R} ${R} ${R}`);
  });

  it('replaces two threaded secrets that overlap with one marker over both', () => {
    // The weak "x-Vq7" ends inside the strong secret: the reader's view finds both, overlapping.
    assert.equal(createScrubber([secret, 'x-Vq7'])('pw: x-V\u200bq7-hunter2-Zx!'), `pw: ${R}!`);
  });

  it('leaves text that only draws nothing around other words as it is', () => {
    for (const text of ['ad\u200bmin', 'ＳＥＬＥＣＴ 1', 'emoji \u2764\ufe0f ok', 'Vq7-hunter\u200b3-Zx']) assert.equal(scrub(text), text);
  });
});


// The reader's view reads base64 and hex runs as what they encode: a secret inside one, at any
// offset, is found there, and the whole run is replaced.
describe('scrubbing a secret inside an encoded run', () => {
  it('replaces the whole run and keeps the text around it', () => {
    const scrub = createScrubber(['Vq7-hunter2-Zx']);
    const run = Buffer.from('p=Vq7-hunter2-Zx;').toString('base64');
    assert.equal(scrub(`env ${run} end`), `env ${R} end`);
  });
});

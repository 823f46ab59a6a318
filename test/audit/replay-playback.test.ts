// `replay --speed` plays recorded output chunk by chunk. Whatever the chunks, what a person sees is
// what the renderer shows for the whole text: an escape sequence split across two chunks (ESC at
// one's end, `[2J` at the next one's start), a word whose letters arrive one chunk at a time, a mark
// in the chunk after its letter. Every hostile string, cut into chunks at every third, is escaped
// and flagged; ordinary text in any script plays back as it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { playRecording, type Recording } from '../../src/audit/playback.ts';
import { GUTTER } from '../../src/render/terminal.ts';
import { DECOYS, HOSTILE, unsafe } from '../render/hostile.ts';

async function played(chunks: string[], stream = 'o'): Promise<{ out: string; err: string }> {
  const recording: Recording = chunks.map((text, i) => [i / 1000, stream, text]);
  const seen = { out: '', err: '' };
  await playRecording(recording, 1e6, (to, text) => (seen[to] += text));
  return seen;
}

function thirds(text: string): string[] {
  const chars = Array.from(text);
  const third = Math.ceil(chars.length / 3);
  return [chars.slice(0, third), chars.slice(third, 2 * third), chars.slice(2 * third)].map((c) => c.join(''));
}

describe('replay --speed playback', () => {
  it('reads an escape sequence split across chunks as one', async () => {
    const { out } = await played(['clean\u001b', '[2J\u001b[H', 'done\n']);
    assert.equal(unsafe(out), undefined);
    assert.match(out, /clean\\u001b\[2J\\u001b\[Hdone/);
    assert.match(out, /warning {3}This text contains control characters/);
  });

  it('reads a word whose letters arrive in different chunks as one word', async () => {
    const { out } = await played(['DELETE FROM us', '\u0435', 'rs;\n']);
    assert.match(out, /DELETE FROM us\\u0435rs;/);
    assert.match(out, /look-alike letters/);
  });

  it('keeps a mark with its letter across chunks, and ordinary text as it is', async () => {
    for (const decoy of DECOYS) {
      const { out } = await played([...thirds(decoy), '\n']);
      assert.equal(out, `              ${GUTTER}${decoy}\n\n\n`, decoy);
    }
    const { out } = await played(['Jose', '\u0301 Mu', '\u0308ller\n']);
    assert.equal(out, `              ${GUTTER}Jose\u0301 Mu\u0308ller\n\n\n`);
  });

  for (const { name, text, lines, raw } of HOSTILE) {
    it(`escapes and flags, in chunks: ${name}`, async () => {
      for (const stream of ['o', 'e']) {
        const { out, err } = await played(thirds(text), stream);
        assert.equal(unsafe(out + err, raw), undefined);
        if (!lines) assert.match(out, /warning {3}This text contains/);
      }
    });
  }
});

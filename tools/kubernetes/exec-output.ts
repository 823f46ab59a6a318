// Collects an exec's stdout and stderr: text per stream, replay events, and one byte cap over
// both streams together (past it the command is stopped and the output marked as cut).
import { StringDecoder } from 'node:string_decoder';
import type { ProcessResult } from '../../src/pipeline/result.ts';

type Stream = 'o' | 'e';

export class ExecOutput {
  private readonly decoders = { o: new StringDecoder('utf8'), e: new StringDecoder('utf8') };
  private readonly text = { o: '', e: '' };
  private readonly events: Array<[number, Stream, string]> = [];
  private readonly startedAt = performance.now();
  private bytes = 0;
  cut = false;

  constructor(private readonly maxBytes: number) {}

  /** Takes a chunk; false once the cap is reached (the rest is dropped). */
  add(stream: Stream, chunk: Buffer): boolean {
    if (this.cut) return false;
    const room = Math.max(0, this.maxBytes - this.bytes);
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.bytes += kept.length;
    this.append(stream, this.decoders[stream].write(kept));
    if (kept.length < chunk.length) this.cut = true;
    return !this.cut;
  }

  finish(exitCode: number | null): ProcessResult {
    for (const stream of ['o', 'e'] as const) this.append(stream, this.decoders[stream].end());
    return {
      kind: 'process',
      stdout: this.text.o,
      stderr: this.text.e,
      exitCode,
      events: this.events,
      ...(this.cut ? { truncated: { reason: 'bytes' as const, limit: this.maxBytes } } : {}),
    };
  }

  private append(stream: Stream, text: string): void {
    if (text === '') return;
    this.text[stream] += text;
    this.events.push([Math.round(performance.now() - this.startedAt) / 1000, stream, text]);
  }
}

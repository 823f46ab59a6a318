// Collects a remote command's stdout and stderr as they arrive (an SSH exec, a Kubernetes exec):
// decoded text per stream with invalid bytes escaped, an asciicast-style event per chunk for
// replay, and a byte cap over both streams together.
import type { ProcessResult, Truncation } from '../../src/pipeline/result.ts';
import { Utf8EscapingDecoder } from './utf8-escaping.ts';

export type StreamName = 'o' | 'e';

export type CollectedOutput = Pick<ProcessResult, 'stdout' | 'stderr' | 'events' | 'truncated'>;

export class OutputCollector {
  readonly #maxBytes: number;
  readonly #startedAt: number;
  readonly #decoders = { o: new Utf8EscapingDecoder(), e: new Utf8EscapingDecoder() };
  readonly #text = { o: '', e: '' };
  readonly #events: Array<[number, StreamName, string]> = [];
  #bytes = 0;
  #cutStream: StreamName | undefined;

  /** `startedAt` is a performance.now() reading; event times count from it. */
  constructor(maxBytes: number, startedAt: number) {
    this.#maxBytes = maxBytes;
    this.#startedAt = startedAt;
  }

  get truncated(): boolean {
    return this.#cutStream !== undefined;
  }

  /** Takes a chunk; returns false once the byte cap is reached and later chunks are ignored. */
  add(stream: StreamName, chunk: Buffer): boolean {
    if (this.#cutStream !== undefined) return false;
    const room = this.#maxBytes - this.#bytes;
    const kept = chunk.length > room ? chunk.subarray(0, Math.max(room, 0)) : chunk;
    this.#bytes += kept.length;
    this.#append(stream, this.#decoders[stream].write(kept));
    if (kept.length < chunk.length) {
      this.#cutStream = stream;
      return false;
    }
    return true;
  }

  finish(): CollectedOutput {
    for (const stream of ['o', 'e'] as const) {
      this.#append(stream, this.#decoders[stream].end(stream === this.#cutStream));
    }
    const truncated: Truncation | undefined = this.truncated ? { reason: 'bytes', limit: this.#maxBytes } : undefined;
    return {
      stdout: this.#text.o,
      stderr: this.#text.e,
      events: this.#events,
      ...(truncated ? { truncated } : {}),
    };
  }

  #append(stream: StreamName, text: string): void {
    if (text === '') return;
    this.#text[stream] += text;
    const seconds = Math.round(performance.now() - this.#startedAt) / 1000;
    this.#events.push([seconds, stream, text]);
  }
}

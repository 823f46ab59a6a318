// Loads the bash grammar once (WASM) and parses text synchronously afterwards, so the hot path
// does no I/O. One parser instance is reused; every tree must be deleted by its caller.
import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';

let parser: Parser | null = null;
let loading: Promise<void> | null = null;

/** Loads tree-sitter and the bash grammar. Idempotent; concurrent callers share one load. */
export function initShellParser(): Promise<void> {
  if (parser) return Promise.resolve();
  loading ??= load().catch((error: unknown) => {
    loading = null; // a failed load may be retried; classification fails closed meanwhile
    throw error;
  });
  return loading;
}

async function load(): Promise<void> {
  const require = createRequire(import.meta.url);
  const runtimeWasm = require.resolve('web-tree-sitter/tree-sitter.wasm');
  const grammarWasm = require.resolve('tree-sitter-bash/tree-sitter-bash.wasm');
  await Parser.init({ locateFile: () => runtimeWasm });
  const bash = await Language.load(grammarWasm);
  const ready = new Parser();
  ready.setLanguage(bash);
  parser = ready;
}

/** True once initShellParser has finished. */
export function shellParserReady(): boolean {
  return parser !== null;
}

/** Parses bash text; null when the parser is not loaded, or `deadline` (cpuTimeMicros) passed while it parsed. */
export function parseBash(text: string, deadline = Infinity): Tree | null {
  if (!parser) return null;
  parser.reset(); // never resume a previous, interrupted parse
  // The progress callback runs every few hundred steps of the parser; returning true stops it.
  return parser.parse(text, null, { progressCallback: () => cpuTimeMicros() > deadline });
}

/** CPU time this process has used, in microseconds: a parse runs on this thread, so it moves only while the parse runs (or the process's other threads do). */
export function cpuTimeMicros(): number {
  const used = process.cpuUsage();
  return used.user + used.system;
}

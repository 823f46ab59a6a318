// gatehouse serve: validate everything, then serve over stdio or HTTP until stopped; SIGHUP or an
// edit of the config or a policy file reloads policies, masking profiles and connections.
import { packs } from '../../tools/index.ts';
import { boundHeapGrowth } from '../server/heap.ts';
import { serveOverHttp } from '../server/http.ts';
import { createReloader } from '../server/reload.ts';
import { watchForChanges } from '../server/reload-watch.ts';
import { startRuntime, StartupError } from '../server/runtime.ts';
import { serveOverStdio } from '../server/stdio.ts';
import { configPath, loadOrExit } from './args.ts';

export async function serve(options: { config?: string; stdio?: boolean; http?: string }): Promise<void> {
  const config = loadOrExit(configPath(options.config), packs);
  const heapGrowthPercent = boundHeapGrowth(config.parsed.server.heapGrowthPercent);
  let runtime;
  try {
    runtime = await startRuntime(config, packs);
  } catch (error) {
    if (error instanceof StartupError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  let watcher: { close(): void } | undefined;
  const stop = async () => {
    watcher?.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const reloadOn = (served: { toolsChanged(): void }) => {
    const reloader = createReloader(runtime, configPath(options.config), packs, () => served.toolsChanged());
    process.on('SIGHUP', () => void reloader.reload('SIGHUP'));
    watcher = watchForChanges(reloader, runtime.logger);
    // Only a shared store has other replicas to compare with (one process at a time uses SQLite).
    if ('postgres' in config.parsed.store) void reloader.recordRunning();
  };
  if (options.stdio || !options.http) {
    if (options.http) throw new Error('choose one of --stdio and --http');
    reloadOn(serveOverStdio(runtime, () => void stop()));
    runtime.logger.info({ tools: runtime.registry.tools.size, ...(heapGrowthPercent ? { heapGrowthPercent } : {}) }, 'serving MCP over stdio');
    return;
  }
  const http = await serveOverHttp(runtime, options.http);
  reloadOn(http);
  runtime.logger.info({ url: http.url, tools: runtime.registry.tools.size, ...(heapGrowthPercent ? { heapGrowthPercent } : {}) }, 'serving MCP over Streamable HTTP');
  console.error(`gatehouse: MCP endpoint ${http.url}`);
  const link = http.consoleSignInLink();
  if (link) console.error(`gatehouse: console sign-in (one use, valid 10 minutes): ${link}`);
}

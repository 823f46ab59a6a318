// Reload on file change. Editors often replace a file (write a temporary, rename it over), which
// ends a watch on the file itself, so the directories are watched and events filtered by name. A
// burst of events (an editor's several writes) becomes one reload after a quiet moment. A Kubernetes
// ConfigMap volume never touches the files' own names: they are symlinks through `..data`, which the
// kubelet points at a new directory on update, so a change of `..data` counts for every file there.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import type { Reloader } from './reload.ts';

const QUIET_MS = 250;
const CONFIGMAP_LINK = '..data';

export function watchForChanges(reloader: Reloader, logger: Logger, quietMs = QUIET_MS): { close(): void } {
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const arm = () => {
    for (const w of watchers) w.close();
    watchers = [];
    if (closed) return;
    const byDir = new Map<string, Set<string>>();
    for (const file of reloader.files()) byDir.set(dirname(file), (byDir.get(dirname(file)) ?? new Set()).add(basename(file)));
    for (const [dir, names] of byDir) {
      try {
        const w = watch(dir, (_event, name) => {
          if (name === null || names.has(name) || name === CONFIGMAP_LINK) schedule();
        });
        w.on('error', (error) => logger.warn({ dir, err: { message: error.message } }, 'watching for policy changes failed; SIGHUP still reloads'));
        watchers.push(w);
      } catch (error) {
        logger.warn({ dir, err: { message: (error as Error).message } }, 'cannot watch for policy changes; SIGHUP still reloads');
      }
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // The files to watch may have changed with the reload (a policy added to the list).
      void reloader.reload('file change').then(arm);
    }, quietMs);
  };
  arm();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}

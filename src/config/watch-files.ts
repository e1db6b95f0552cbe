import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log.js';
import type { ConfigSource } from './config-files.js';

export interface FileWatch {
  stop(): void;
}

/**
 * Calls `check` soon after the config file or a playbook changes, and every
 * `pollMs` regardless. The events are only a hint: an editor that saves by
 * writing a new file and renaming it over the old one, a folder on a network
 * or container filesystem, or a watcher that failed, may never report the
 * change, so the poll (which compares contents, see `snapshotFiles`) is what
 * guarantees it is seen. Events within `debounceMs` make one check, and a
 * check never runs alongside another: one asked for meanwhile runs after it.
 */
export function watchConfigFiles(opts: {
  source: ConfigSource;
  check: () => Promise<void>;
  log: Logger;
  debounceMs: number;
  pollMs: number;
}): FileWatch {
  const { source, log } = opts;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = opts
      .check()
      .catch((err: unknown) => log.warn({ err }, 'config check failed; it is tried again'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, opts.debounceMs);
    timer.unref();
  };

  const watchers: FSWatcher[] = [];
  // The config file's folder, not the file: a file replaced by rename is a new file the old watch never sees.
  const configName = path.basename(source.configFile);
  const folders: Array<[string, (name: string) => boolean]> = [
    [path.dirname(source.configFile), (name) => name === configName],
    [source.playbookDir, (name) => /\.ya?ml$/i.test(name)],
  ];
  for (const [folder, matches] of folders) {
    try {
      const w = watch(folder, { persistent: false }, (_event, name) => {
        // Some platforms do not say which file: then it may be ours. A mounted config map swaps
        // a `..data` link rather than touching the files.
        const n = name?.toString();
        if (!n || n.startsWith('..') || matches(n)) soon();
      });
      w.on('error', (err) =>
        log.warn({ err, folder }, 'watching the config folder failed; polling still sees changes'),
      );
      watchers.push(w);
    } catch (err) {
      log.warn({ err, folder }, 'cannot watch the config folder; changes are seen by polling');
    }
  }
  const poll = setInterval(run, opts.pollMs);
  poll.unref();

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      clearInterval(poll);
      for (const w of watchers) w.close();
    },
  };
}

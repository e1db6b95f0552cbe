import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The value at quantile `q` (0..1) of ascending `sorted`; 1 is the maximum, an empty list 0. */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * The repository root (the bundled config and playbooks), whether the bench runs from source or
 * from dist-tools/: the test harness's own idea of the repository is one level off from a build.
 */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'baton.config.example.yaml'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

/** Listens on a free loopback port; the server's base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * One bench run on its own (`node dist-tools/tools/bench/slack-bench.js`) when `moduleUrl` is
 * the entry point: its lines as they come, then its figures as JSON; a failure sets the exit code.
 */
export function runWhenMain(
  moduleUrl: string,
  name: string,
  bench: (log: (line: string) => void) => Promise<Record<string, number>>,
): boolean {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return false;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  bench(log).then(
    (figures) => log(JSON.stringify(figures, null, 2)),
    (err: unknown) => {
      process.stderr.write(`${name} bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
  return true;
}

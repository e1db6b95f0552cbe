import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { StoreLogger } from '../../../adapters/store/lowdb/logger.js';
import type { Store } from '../../../src/store/store.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

export async function tempDataFile(): Promise<{ file: string; dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-lowdb-'));
  return { dir, file: path.join(dir, 'baton.json'), remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * What kill -9 would leave of a quiet store: every confirmed commit in the
 * journal, its history appended or not yet, no snapshot since the last one,
 * no close. Copied to a new folder while the store idles (a history read
 * waits for pending history appends), so the store itself can be closed
 * normally and never races the copy.
 */
export async function crashImage(
  store: Store,
  fromDir: string,
): Promise<{ dir: string; file: string; remove(): Promise<void> }> {
  await store.history('quiesce');
  const copy = await tempDataFile();
  await cp(fromDir, copy.dir, { recursive: true, filter: (src) => !src.endsWith('.lock') });
  return copy;
}

export function captureLogger(): StoreLogger & { lines: Array<{ level: string; msg: string; obj: object }> } {
  const lines: Array<{ level: string; msg: string; obj: object }> = [];
  return {
    lines,
    info: (obj, msg) => lines.push({ level: 'info', msg: msg ?? '', obj }),
    warn: (obj, msg) => lines.push({ level: 'warn', msg: msg ?? '', obj }),
  };
}

export interface StoreChild {
  child: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  /** Resolves with the first line matching, or rejects when the child exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/**
 * Runs a fixture under test/adapters/store/fixtures in its own Node process (through
 * tsx, as plain Node cannot load TypeScript), so that it can hold the lock or
 * be killed with SIGKILL like a real deployment.
 */
export function spawnFixture(name: string, args: string[]): StoreChild {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', name), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let err = '';
  const listeners = new Set<() => void>();
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const l of listeners) l();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      // Let the last stdout lines arrive before anyone looks at them.
      setTimeout(() => {
        for (const l of listeners) l();
        resolve({ code, signal });
      }, 50);
    }),
  );
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const waitFor = (pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`timed out waiting for ${pattern}; stderr: ${err}`)),
        timeoutMs,
      );
      const check = () => {
        const hit = lines.find((l) => pattern.test(l));
        if (hit !== undefined) finish(undefined, hit);
        else if (done) finish(new Error(`child exited before ${pattern}; stderr: ${err}`));
      };
      const finish = (e?: Error, line?: string) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (e) reject(e);
        else resolve(line ?? '');
      };
      listeners.add(check);
      check();
    });
  return { child, lines, waitFor, exited, stderr: () => err };
}

import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { REPO } from '../../support/harness.js';

/** Seeded random numbers (mulberry32): a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface BatonProcess {
  child: ChildProcess;
  url: string;
  /** Every log line the process wrote (pino JSON on stdout). */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/**
 * `baton start` from source, as an operator runs it, on a free port. Resolves
 * once it logged that it is running (so it listens and its store is open).
 */
/** Children still running when the test worker exits are killed with it, whatever the test did. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startBatonProcess(
  env: Record<string, string>,
  cwd: string,
  /** A built entry point to run instead (the production bundle); from source through tsx otherwise. */
  entry?: string,
): Promise<BatonProcess> {
  // tsx by absolute URL: the child runs in a temp folder with no node_modules.
  const tsx = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
  const args = entry ? [entry] : ['--import', tsx, path.join(REPO, 'app/cli/main.ts')];
  const child = spawn(process.execPath, [...args, 'start'], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', BATON_PLAYGROUND: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  let err = '';
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running on its port after the test gave up on it (a run under load leaked one).
      child.kill('SIGKILL');
      reject(new Error(`baton start timed out; stderr: ${err}`));
    }, 30_000);
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
      lines.push(line);
      try {
        const j = JSON.parse(line) as { msg?: string; port?: number };
        if (j.msg === 'Baton is running' && j.port) {
          clearTimeout(timer);
          resolve(j.port);
        }
      } catch {
        // Not a log line: the CLI may print plain text too.
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`baton start exited (${code ?? signal}) before running: ${err}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, lines, exited, stderr: () => err };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

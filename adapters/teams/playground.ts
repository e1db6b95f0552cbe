import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatonError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';

export const PLAYGROUND_CONFIG = '.m365agentsplayground.yml';
const START_TIMEOUT_MS = 30_000;

/** The repository root (where the Playground's config sits), from src/ and from dist/ alike. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, PLAYGROUND_CONFIG)) && existsSync(path.join(dir, 'package.json')))
      return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

function playgroundCli(): string {
  try {
    const pkg = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/package.json');
    return path.join(path.dirname(pkg), 'cli.js');
  } catch {
    throw new BatonError(
      'PLAYGROUND_MISSING',
      'The Microsoft 365 Agents Playground is not installed (it is a dev dependency): run npm install',
    );
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts Microsoft's local Teams emulator against Baton's `/api/messages`:
 * no browser opened, no telemetry, the example organisation's people and
 * channels from `.m365agentsplayground.yml`. Resolves once it listens, with
 * the address to open (it picks another port when `port` is taken).
 */
export async function startPlayground(opts: {
  batonUrl: string;
  port: number;
  log: Logger;
  /** Another config file (tests); default: the repository's. */
  configFile?: string;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const log = opts.log.child({ module: 'playground' });
  const endpoint = `${opts.batonUrl.replace(/\/$/, '')}/api/messages`;
  const config = opts.configFile ?? path.join(repoRoot(), PLAYGROUND_CONFIG);
  const child = spawn(
    process.execPath,
    [playgroundCli(), '-e', endpoint, '-c', 'msteams', '-p', String(opts.port), '--dt'],
    {
      cwd: path.dirname(config),
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: config },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error('it did not start listening in time')), START_TIMEOUT_MS);
    const fail = (err: Error) => {
      clearTimeout(timer);
      void stopChild(child);
      reject(
        new BatonError(
          'PLAYGROUND_FAILED',
          `The Agents Playground could not start: ${err.message}\n${output.slice(-2_000)}`,
        ),
      );
    };
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n').filter((l) => l.trim())) log.debug({ line }, 'playground');
      const m = /Listening on (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(`http://localhost:${m[1]}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`it exited with code ${code}`)));
  });
  log.info({ url, endpoint }, 'Agents Playground started');
  child.once('exit', (code) => log.info({ code }, 'Agents Playground stopped'));
  return { url, stop: () => stopChild(child) };
}

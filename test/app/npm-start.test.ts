import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, symlink, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../support/harness.js';

// `npm start` under a process manager: the manager signals npm, and Baton must be the one that stops.

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms: number, output: () => string) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}\n${output()}`);
}

function npmStart(cwd: string, env: Record<string, string>) {
  const child = spawn('npm', ['start'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/** Starts `npm start` in cwd and returns once /readyz answers, with the pid that holds the data file. */
async function startAndWait(cwd: string, file: string, port: number) {
  const run = npmStart(cwd, {
    PORT: String(port),
    BATON_DATA_FILE: file,
    BATON_PLAYGROUND: 'off',
    LOG_LEVEL: 'info',
    BATON_CONFIG: '',
    BATON_HANDOFFS: '',
    SLACK_BOT_TOKEN: '',
    MicrosoftAppId: '',
    DATABASE_URL: '',
  });
  // The first start builds dist/ (prestart): allow for a loaded machine.
  await until(
    '/readyz',
    () =>
      fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      ),
    90_000,
    run.output,
  );
  const lock = `${file}.lock`;
  const pid = (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid;
  expect(pid).not.toBe(run.child.pid);
  expect(alive(pid)).toBe(true);
  return { ...run, pid, lock };
}

describe('npm start under a process manager', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let leftover: ChildProcess | undefined;
  let orphan: number | undefined;
  beforeEach(async () => {
    tmp = await tempDir('baton-npm-start-');
  });
  afterEach(async () => {
    if (orphan && alive(orphan)) process.kill(orphan, 'SIGKILL');
    leftover?.kill('SIGKILL');
    await tmp.cleanup();
  });

  it('SIGTERM to npm stops Baton gracefully: it exits, releases the lock, writes its snapshot, frees the port', async () => {
    const port = await freePort();
    const file = path.join(tmp.dir, 'baton.json');
    const run = await startAndWait(REPO, file, port);
    leftover = run.child;
    orphan = run.pid;
    expect(existsSync(file)).toBe(false);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    await until('Baton to exit', () => !alive(run.pid), 20_000, run.output);
    expect(run.output()).toContain('"msg":"stopped"');
    expect(existsSync(run.lock)).toBe(false);
    // The example customers seeded at start are in the snapshot written at close.
    expect(readFileSync(file, 'utf8')).toContain('Acme Corp');
    expect(await listening(port)).toBe(false);
  }, 150_000);

  it('control: the same start script without exec leaves Baton orphaned with its lock held', async () => {
    // What `npm start` was: npm's shell takes the signal and dies; node under it never hears it.
    expect(existsSync(path.join(REPO, 'dist/app/cli/main.js')), 'run the test above first').toBe(true);
    const pkg = {
      name: 'baton-without-exec',
      private: true,
      scripts: { start: `node ${JSON.stringify(path.join(REPO, 'dist/app/cli/main.js'))} start` },
    };
    await writeFile(path.join(tmp.dir, 'package.json'), JSON.stringify(pkg));
    const port = await freePort();
    const file = path.join(tmp.dir, 'baton.json');
    const run = await startAndWait(tmp.dir, file, port);
    leftover = run.child;
    orphan = run.pid;

    run.child.kill('SIGTERM');
    await run.exited;
    await sleep(1_000);
    expect(alive(run.pid)).toBe(true);
    expect(existsSync(run.lock)).toBe(true);
    expect(await listening(port)).toBe(true);
  }, 150_000);
});

describe('npx baton after npm install', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir('baton-npx-');
  });
  afterEach(async () => tmp.cleanup());

  it('runs the CLI from a fresh checkout (no dist/), building it first', async () => {
    // A checkout as git has it: no dist/. node_modules as `npm install` leaves it.
    for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'baton.config.example.yaml'])
      await cp(path.join(REPO, f), path.join(tmp.dir, f));
    for (const d of ['bin', 'src', 'adapters', 'app', 'handoffs'])
      await cp(path.join(REPO, d), path.join(tmp.dir, d), { recursive: true });
    await symlink(path.join(REPO, 'node_modules'), path.join(tmp.dir, 'node_modules'));
    const pkg = JSON.parse(readFileSync(path.join(tmp.dir, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin.baton?.startsWith('dist/')).toBe(false);

    const child = spawn('npx', ['--no', '--', 'baton', '--help'], {
      cwd: tmp.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(out).not.toMatch(/not found/);
    expect(out).toContain('building Baton once');
    expect(out).toContain('Usage: baton <command>');
    expect(code, out).toBe(0);
    expect(existsSync(path.join(tmp.dir, 'dist/app/cli/main.js'))).toBe(true);
  }, 150_000);
});

import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './harness.js';

/** Runs the `baton` CLI from source in a child process, as an admin would run it. */
export function runCli(
  args: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // tsx by absolute URL: the child may run in a temp folder with no node_modules.
    const tsx = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
    const child = spawn(process.execPath, ['--import', tsx, path.join(REPO, 'app/cli/main.ts'), ...args], {
      cwd: opts.cwd ?? REPO,
      env: { ...process.env, LOG_LEVEL: 'warn', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `baton check` in `cwd` on a data file, with the example config and the repository's playbooks. */
export function checkExample(dataFile: string, cwd: string): ReturnType<typeof runCli> {
  return runCli(['check'], {
    cwd,
    env: {
      BATON_CONFIG: path.join(REPO, 'baton.config.example.yaml'),
      BATON_HANDOFFS: path.join(REPO, 'handoffs'),
      BATON_DATA_FILE: dataFile,
      DATABASE_URL: undefined,
    },
  });
}

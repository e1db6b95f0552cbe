import { teamsPlatform } from '../../adapters/teams/platform.js';
import { envOf } from '../../src/registry/registry.js';
import { envAndLogger, options } from './common.js';

const USAGE = `Usage: baton playground [--url http://127.0.0.1:3978]

Starts the Microsoft 365 Agents Playground (Microsoft's local Teams emulator)
against a running Baton and prints the address to open in a browser.`;

export async function runPlayground(args: string[]): Promise<number> {
  const o = options(args, { url: { type: 'string' } }, USAGE);
  if (!o) return process.exitCode === 2 ? 2 : 0;
  const { env, log } = envAndLogger();
  const { startPlayground } = await import('../../adapters/teams/playground.js');
  const batonUrl = String(o.values.url ?? `http://127.0.0.1:${env.PORT}`);
  const pg = await startPlayground({ batonUrl, port: envOf(teamsPlatform, env).BATON_PLAYGROUND_PORT, log });
  process.stdout.write(`\n  Agents Playground for ${batonUrl}: open ${pg.url}\n  Stop with Ctrl+C.\n\n`);
  const stop = () => void pg.stop().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return -1;
}

import { parseArgs } from 'node:util';
import { parseEnv, SECRET_ENV } from '../../src/config/env.js';
import { createLogger } from '../../src/server/logger.js';
import { startPlayground } from './playground.js';

const USAGE = `Usage: playground [--url http://127.0.0.1:3978] [--port 56150]

Starts the Microsoft 365 Agents Playground against a running Baton (its
/api/messages) and prints the address to open. Stop with Ctrl+C.`;

/**
 * Starts the Playground against a Baton that is already running and keeps
 * it up until Ctrl+C. Resolves with the exit code once it is stopped.
 */
export async function main(args: string[] = process.argv.slice(2)): Promise<number> {
  let values: { url?: string; port?: string; help?: boolean };
  try {
    values = parseArgs({
      args,
      options: { url: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const env = parseEnv(process.env);
  const log = createLogger({ level: env.LOG_LEVEL, secrets: SECRET_ENV.map((k) => env[k]) });
  const batonUrl = values.url ?? `http://127.0.0.1:${env.PORT}`;
  const port = values.port ? Number(values.port) : env.BATON_PLAYGROUND_PORT;
  const pg = await startPlayground({ batonUrl, port, log });
  process.stdout.write(`\n  Agents Playground for ${batonUrl}: open ${pg.url}\n  Stop with Ctrl+C.\n\n`);
  return new Promise<number>((resolve) => {
    const stop = () => void pg.stop().finally(() => resolve(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

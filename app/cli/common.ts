import { type ParseArgsConfig, parseArgs } from 'node:util';
import { parseEnv, secretValues } from '../../src/config/env.js';
import { redactedHeadersOf } from '../../src/registry/registry.js';
import { createLogger } from '../../src/server/logger.js';
import { batonRegistry } from '../registry.js';

/** Parses a command's options; `--help` prints its usage. Unknown options are an error with the usage. */
export function options<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  spec: T,
  usage: string,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } | undefined {
  try {
    const parsed = parseArgs({
      args,
      options: { ...spec, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if ((parsed.values as Record<string, unknown>).help) {
      process.stdout.write(`${usage}\n`);
      return undefined;
    }
    return {
      values: parsed.values as Record<string, string | boolean | undefined>,
      positionals: parsed.positionals,
    };
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${usage}\n`);
    process.exitCode = 2;
    return undefined;
  }
}

export function envAndLogger(level?: string) {
  const env = parseEnv(process.env, batonRegistry);
  const log = createLogger({
    level: level ?? env.LOG_LEVEL,
    secrets: secretValues(env, batonRegistry),
    redactHeaders: redactedHeadersOf(batonRegistry),
  });
  return { env, log };
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatonError } from '../errors.js';
import type { ChatPlatform } from '../registry/descriptors.js';
import { readYamlFile } from './load-yaml.js';
import { type BatonConfig, configSchemaFor } from './schema.js';
import { describeIssues, fileProblems } from './zod-issues.js';

/** The example config shipped with Baton, used when no config of one's own exists yet. */
export const BUNDLED_CONFIG = fileURLToPath(new URL('../../../baton.config.example.yaml', import.meta.url));

export interface LoadedConfig {
  config: BatonConfig;
  file: string;
  /** True when the bundled example is in use because no config file exists. */
  bundled: boolean;
}

/**
 * `explicit` is BATON_CONFIG when set: then the file must exist. Otherwise
 * `./baton.config.yaml` is used when present, else the bundled example, so a
 * fresh clone starts without any setup.
 */
export async function loadConfig(
  explicit: string | undefined,
  platforms: readonly ChatPlatform[],
  cwd = process.cwd(),
): Promise<LoadedConfig> {
  let file = explicit ? path.resolve(cwd, explicit) : path.resolve(cwd, 'baton.config.yaml');
  let bundled = false;
  if (!explicit && !existsSync(file)) {
    file = bundledConfigPath();
    bundled = true;
  }
  const raw = await readYamlFile(file, 'config');
  return { config: parseConfig(raw, file, platforms), file, bundled };
}

export function parseConfig(raw: unknown, file: string, platforms: readonly ChatPlatform[]): BatonConfig {
  const result = configSchemaFor(platforms).safeParse(raw ?? {});
  if (!result.success) {
    throw new BatonError(
      'CONFIG_INVALID',
      `${describeIssues(file, result.error)}\nFix the config and start again.`,
      // Each problem with its field and fix, for `baton check --json`.
      { file, problems: fileProblems(file, result.error) },
    );
  }
  return result.data;
}

/** The bundled example sits at the repository root, both from src/ and from dist/src/. */
function bundledConfigPath(): string {
  for (const rel of ['../../baton.config.example.yaml', '../../../baton.config.example.yaml']) {
    const candidate = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  return BUNDLED_CONFIG;
}

/** The folder of the bundled playbooks, for the same fallback. */
export function bundledPlaybooksPath(): string {
  for (const rel of ['../../handoffs', '../../../handoffs']) {
    const candidate = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  return fileURLToPath(new URL('../../handoffs', import.meta.url));
}

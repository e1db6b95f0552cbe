import { isBatonError } from '../errors.js';
import { loadPlaybooks } from '../playbooks/load-playbooks.js';
import type { ChatPlatform, WebhookSourceInfo } from '../registry/descriptors.js';
import type { ConfigSource } from './config-files.js';
import { createDirectory, type Directory } from './directory.js';
import { loadConfig } from './load-config.js';
import type { FileProblem } from './zod-issues.js';

/** Loads and checks the files as a start would: all of it, or an error naming every problem. */
export async function loadDirectory(
  source: ConfigSource,
  registry: { platforms: readonly ChatPlatform[]; sources?: readonly WebhookSourceInfo[] },
): Promise<Directory> {
  const loaded = await loadConfig(source.configFile, registry.platforms);
  const playbooks = await loadPlaybooks(source.playbookDir, loaded.config);
  return createDirectory(loaded.config, playbooks, registry);
}

/** Each problem of a failed load with its file and field when known. */
export function problemsOf(err: unknown): FileProblem[] {
  if (isBatonError(err)) {
    const listed = err.details?.problems;
    if (Array.isArray(listed) && listed.length > 0) return listed as FileProblem[];
    const file = typeof err.details?.file === 'string' ? err.details.file : undefined;
    return [{ text: err.message, ...(file ? { file } : {}) }];
  }
  return [{ text: err instanceof Error ? err.message : String(err) }];
}

import path from 'node:path';
import type { ConfigSource } from '../../src/config/config-files.js';
import { createDirectory, type Directory } from '../../src/config/directory.js';
import type { Env } from '../../src/config/env.js';
import { bundledPlaybooksPath, loadConfig } from '../../src/config/load-config.js';
import type { FileProblem } from '../../src/config/zod-issues.js';
import { errorMessage, isBatonError } from '../../src/errors.js';
import { loadPlaybooks } from '../../src/playbooks/load-playbooks.js';
import type { CheckLine } from '../../src/server/check-line.js';
import { batonRegistry } from '../registry.js';

/** "Slack or Teams": the registered platforms, for lines that name them all. */
export const platformLabels = () => batonRegistry.platforms.map((p) => p.label).join(' or ');

export interface ConfigCheck {
  lines: CheckLine[];
  /** The organisation, once config and playbooks load: language coverage needs it with the store. */
  org?: Directory;
  /** The files checked, to compare with the config the running replicas recorded. */
  source: ConfigSource;
}

/**
 * The config and the playbooks, every problem a line of its own with its
 * file, field and fix. When the config does not load the playbooks are still
 * read, on their own, so one run shows the problems of both.
 */
export async function checkConfig(env: Env): Promise<ConfigCheck> {
  const lines: CheckLine[] = [];
  let loaded: Awaited<ReturnType<typeof loadConfig>> | undefined;
  try {
    loaded = await loadConfig(env.BATON_CONFIG, batonRegistry.platforms);
    lines.push({
      level: 'ok',
      area: 'config',
      message: `config ${loaded.file}${loaded.bundled ? ' (the bundled example)' : ''}`,
      file: loaded.file,
    });
  } catch (err) {
    lines.push(...failures('config', err));
  }
  const dir = env.BATON_HANDOFFS
    ? path.resolve(env.BATON_HANDOFFS)
    : loaded?.bundled
      ? bundledPlaybooksPath()
      : path.resolve('handoffs');
  const source: ConfigSource = {
    configFile: loaded?.file ?? path.resolve(env.BATON_CONFIG ?? 'baton.config.yaml'),
    playbookDir: dir,
  };
  try {
    const playbooks = await loadPlaybooks(dir, loaded?.config);
    if (!loaded) {
      lines.push({
        level: 'skip',
        area: 'playbooks',
        message: `${playbooks.length} playbooks in ${dir} read, not checked against the config until it loads`,
        file: dir,
      });
      return { lines, source };
    }
    const directory = createDirectory(loaded.config, playbooks, batonRegistry);
    lines.push({
      level: 'ok',
      area: 'playbooks',
      message: `${playbooks.length} playbooks in ${dir}: ${playbooks.map((p) => `${p.from}→${p.to}`).join(', ')}`,
      file: dir,
    });
    for (const team of Object.keys(loaded.config.teams)) {
      if (!directory.platforms.some((p) => directory.teamChannel(team, p) !== undefined)) {
        lines.push({
          level: 'warn',
          area: 'config',
          message: `team ${team} has no ${platformLabels()} channel: its cards can only reach people by direct message`,
          file: loaded.file,
          field: `teams.${team}`,
          fix: `give teams.${team} a channel under ${batonRegistry.platforms.map((p) => p.name).join(' or ')}`,
        });
      }
    }
    const lonely = directory.journey.filter((t) => !playbooks.some((p) => p.from === t || p.to === t));
    for (const t of lonely)
      lines.push({
        level: 'warn',
        area: 'playbooks',
        message: `team ${t} is in no playbook: no handoff reaches it`,
        file: dir,
        fix: `add a playbook with from: or to: ${t}, or remove the team`,
      });
    return { lines, org: directory, source };
  } catch (err) {
    lines.push(...failures('playbooks', err));
    return { lines, source };
  }
}

/** A load error as lines: one a problem when it lists them, else the error as it reads. */
function failures(area: string, err: unknown): CheckLine[] {
  const problems = isBatonError(err) ? (err.details?.problems as FileProblem[] | undefined) : undefined;
  if (problems && problems.length > 0)
    return problems.map((p) => ({
      level: 'error',
      area,
      message: p.fix && !p.text.includes(p.fix) ? `${p.text} — fix: ${p.fix}` : p.text,
      ...(p.file ? { file: p.file } : {}),
      ...(p.field ? { field: p.field } : {}),
      ...(p.fix ? { fix: p.fix } : {}),
    }));
  const file = isBatonError(err) && typeof err.details?.file === 'string' ? err.details.file : undefined;
  const fix = isBatonError(err) ? FIXES[err.code] : undefined;
  return [
    { level: 'error', area, message: errorMessage(err), ...(file ? { file } : {}), ...(fix ? { fix } : {}) },
  ];
}

/** For the errors that name no field: what to do, as their messages say it. */
const FIXES: Record<string, string> = {
  YAML_INVALID: 'correct the YAML at the line and column named',
  FILE_NOT_FOUND: 'check the path (BATON_CONFIG, BATON_HANDOFFS) and that the file exists',
  FILE_UNREADABLE: 'check the path and that this user may read the file',
  PLAYBOOKS_UNREADABLE: 'set BATON_HANDOFFS to the folder of your handoff playbooks',
  PLAYBOOKS_MISSING: 'add at least one handoff playbook (*.yaml) to the folder',
};

import path from 'node:path';
import { createDirectory } from '../config/directory.js';
import { bundledPlaybooksPath, loadConfig } from '../config/load-config.js';
import { errorMessage, isBatonError } from '../errors.js';
import { loadPlaybooks } from '../playbooks/load-playbooks.js';
import { outboxLines } from './check-outbox.js';
import { envAndLogger, options } from './common.js';

const USAGE = `Usage: baton check

Validates baton.config.yaml (BATON_CONFIG) and the playbooks (BATON_HANDOFFS);
every problem is reported with its file and field. Where credentials are set,
also checks that Baton can reach its Slack channels and Teams conversations.
Exit code 0 when everything is fine, 1 otherwise.`;

export async function runCheck(args: string[]): Promise<number> {
  if (!options(args, {}, USAGE)) return process.exitCode === 2 ? 2 : 0;
  const { env, log } = envAndLogger('warn');
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let failed = false;
  try {
    const loaded = await loadConfig(env.BATON_CONFIG);
    out(`ok   config ${loaded.file}${loaded.bundled ? ' (the bundled example)' : ''}`);
    const dir = env.BATON_HANDOFFS
      ? path.resolve(env.BATON_HANDOFFS)
      : loaded.bundled
        ? bundledPlaybooksPath()
        : path.resolve('handoffs');
    const playbooks = await loadPlaybooks(dir, loaded.config);
    const directory = createDirectory(loaded.config, playbooks);
    out(
      `ok   ${playbooks.length} playbooks in ${dir}: ${playbooks.map((p) => `${p.from}→${p.to}`).join(', ')}`,
    );
    for (const team of Object.keys(loaded.config.teams)) {
      if (!loaded.config.teams[team]?.slack && !loaded.config.teams[team]?.teams) {
        out(
          `warn team ${team} has no Slack or Teams channel: its cards can only reach people by direct message`,
        );
      }
    }
    const lonely = directory.journey.filter((t) => !playbooks.some((p) => p.from === t || p.to === t));
    for (const t of lonely) out(`warn team ${t} is in no playbook: no handoff reaches it`);
  } catch (err) {
    failed = true;
    out(isBatonError(err) ? `FAIL ${err.message}` : `FAIL ${errorMessage(err)}`);
    return 1;
  }
  for (const line of await outboxLines(env, log)) out(line);
  const platformChecks = await checkPlatforms(env, log).catch((err: unknown) => [
    `FAIL ${errorMessage(err)}`,
  ]);
  for (const line of platformChecks) {
    out(line);
    if (line.startsWith('FAIL')) failed = true;
  }
  return failed ? 1 : 0;
}

/** Reachability, through the adapters themselves, only where credentials are set. */
async function checkPlatforms(
  env: ReturnType<typeof envAndLogger>['env'],
  log: ReturnType<typeof envAndLogger>['log'],
) {
  if (!env.SLACK_BOT_TOKEN && !env.MicrosoftAppId) {
    return ['skip no Slack or Teams credentials set: channel reachability not checked'];
  }
  const { createBaton } = await import('../app.js');
  const { createMemoryStore } = await import('../../adapters/store/memory/memory-store.js');
  const { openStore } = await import('../store/open-store.js');
  // A running Baton holds the data file; then the check reads it without taking the lock.
  const { systemClock } = await import('../clock.js');
  const store = await openStore(env, systemClock, log, { readOnly: true }).catch(() => createMemoryStore());
  const baton = await createBaton({ env, log, store });
  const lines: string[] = [];
  try {
    for (const a of baton.adapters) {
      // check() first: it is what reaches the platform, so ready() then reports what it found.
      const found = (await a.check?.()) ?? [];
      const r = a.ready?.();
      if (r) lines.push(`${r.ok ? 'ok  ' : 'FAIL'} ${a.name}: ${r.detail}`);
      lines.push(...found);
    }
  } finally {
    await baton.stop();
  }
  return lines;
}

import path from 'node:path';
import { createDirectory, type Directory } from '../../src/config/directory.js';
import { bundledPlaybooksPath, loadConfig } from '../../src/config/load-config.js';
import { errorMessage, isBatonError } from '../../src/errors.js';
import { loadPlaybooks } from '../../src/playbooks/load-playbooks.js';
import { isEmbedded, translationProvider } from '../../src/registry/registry.js';
import type { Store } from '../../src/store/store.js';
import { batonRegistry } from '../registry.js';
import { coverageLines } from './check-coverage.js';
import { outboxLines } from './check-outbox.js';
import { checkStore } from './check-store.js';
import { envAndLogger, options } from './common.js';

/** "Slack or Teams": the registered platforms, for lines that name them all. */
const platformLabels = () => batonRegistry.platforms.map((p) => p.label).join(' or ');

const USAGE = `Usage: baton check

Validates baton.config.yaml (BATON_CONFIG) and the playbooks (BATON_HANDOFFS);
every problem is reported with its file and field. Opens the store Baton would
use (DATABASE_URL, else BATON_DATA_FILE, read without taking its lock) and says
why when it cannot. Where credentials are set, also checks that Baton can reach
its Slack channels and Teams conversations. Lists, per team, the customer
languages in the store and who serves them; a language nobody serves is a
warning.
Exit code 0 when everything is fine, 1 otherwise.`;

export async function runCheck(args: string[]): Promise<number> {
  if (!options(args, {}, USAGE)) return process.exitCode === 2 ? 2 : 0;
  const { env, log } = envAndLogger('warn');
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let failed = false;
  /** The organisation, once config and playbooks load: language coverage needs it with the store. */
  let org: Directory | undefined;
  try {
    const loaded = await loadConfig(env.BATON_CONFIG, batonRegistry.platforms);
    out(`ok   config ${loaded.file}${loaded.bundled ? ' (the bundled example)' : ''}`);
    const dir = env.BATON_HANDOFFS
      ? path.resolve(env.BATON_HANDOFFS)
      : loaded.bundled
        ? bundledPlaybooksPath()
        : path.resolve('handoffs');
    const playbooks = await loadPlaybooks(dir, loaded.config);
    const directory = createDirectory(loaded.config, playbooks, batonRegistry);
    out(
      `ok   ${playbooks.length} playbooks in ${dir}: ${playbooks.map((p) => `${p.from}→${p.to}`).join(', ')}`,
    );
    org = directory;
    for (const team of Object.keys(loaded.config.teams)) {
      if (!directory.platforms.some((p) => directory.teamChannel(team, p) !== undefined)) {
        out(
          `warn team ${team} has no ${platformLabels()} channel: its cards can only reach people by direct message`,
        );
      }
    }
    const lonely = directory.journey.filter((t) => !playbooks.some((p) => p.from === t || p.to === t));
    for (const t of lonely) out(`warn team ${t} is in no playbook: no handoff reaches it`);
  } catch (err) {
    failed = true;
    out(isBatonError(err) ? `FAIL ${err.message}` : `FAIL ${errorMessage(err)}`);
  }
  const storeCheck = await checkStore(env);
  for (const line of storeCheck.lines) out(line);
  if (failed || !storeCheck.store) {
    await storeCheck.store?.close().catch(() => {});
    if (!failed) out('skip platforms not checked: Baton cannot start without its store');
    return 1;
  }
  if (org) for (const line of await coverageLines(org, storeCheck.store)) out(line);
  for (const line of await outboxLines(env, storeCheck.store)) out(line);
  const translation = translationProvider(batonRegistry, env);
  out(
    translation
      ? `ok   translation through ${translation.label}`
      : 'skip translation off: set DEEPL_AUTH_KEY, or AZURE_TRANSLATOR_KEY with AZURE_TRANSLATOR_REGION, for the Translate button',
  );
  const platformChecks = await checkPlatforms(env, log, storeCheck.store).catch((err: unknown) => [
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
  store: Store,
) {
  if (isEmbedded(batonRegistry.platforms, env)) {
    await store.close();
    return [`skip no ${platformLabels()} credentials set: channel reachability not checked`];
  }
  const { createBaton } = await import('../app.js');
  // The store is the one checked above (read-only next to a running Baton); stopping Baton closes it.
  const baton = await createBaton({ env, log, store }).catch(async (err: unknown) => {
    await store.close().catch(() => {});
    throw err;
  });
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

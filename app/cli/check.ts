import pino from 'pino';
import { type Env, parseEnv, secretValues } from '../../src/config/env.js';
import { errorMessage } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import { isEmbedded, redactedHeadersOf, translationProvider } from '../../src/registry/registry.js';
import { type CheckLine, checkText, parseCheckText } from '../../src/server/check-line.js';
import { createLogger } from '../../src/server/logger.js';
import type { Store } from '../../src/store/store.js';
import { batonRegistry } from '../registry.js';
import { awayLines } from './check-away.js';
import { checkConfig, platformLabels } from './check-config.js';
import { coverageLines } from './check-coverage.js';
import { outboxLines } from './check-outbox.js';
import { replicaLines } from './check-replicas.js';
import { segmentLines } from './check-segments.js';
import { checkStore } from './check-store.js';
import { options } from './common.js';

const USAGE = `Usage: baton check [--json]

Validates baton.config.yaml (BATON_CONFIG) and the playbooks (BATON_HANDOFFS);
every problem is reported with its file and field. Opens the store Baton would
use (DATABASE_URL, else BATON_DATA_FILE, read without taking its lock) and says
why when it cannot. Where credentials are set, also checks that Baton can reach
its Slack channels and Teams conversations and that Microsoft gives the Teams
app its Bot Framework token; a request that fails names its URL and why.
Compares the config each running replica recorded in the store with the files
checked here, and names a replica that refused the files it reads. Lists, per
team, the customer languages in the store and who serves them; a language
nobody serves is a warning. Lists the playbooks' segments (when:) per pair; a
pair with segments but no default is a warning, with how many of the sending
team's customers in the store fit none of them.

  --json   print one JSON document instead of lines: { ok, problems, checks },
           each check { level, area, message, file?, field?, fix?, url?, cause? }

The server's own log lines are not printed; with LOG_LEVEL=debug or trace they
go to stderr.
Exit code 0 when everything is fine, 1 otherwise.`;

export async function runCheck(args: string[]): Promise<number> {
  const opts = options(args, { json: { type: 'boolean' } }, USAGE);
  if (!opts) return process.exitCode === 2 ? 2 : 0;
  const json = opts.values.json === true;
  const checks: CheckLine[] = [];
  const emit = (...lines: CheckLine[]) => {
    checks.push(...lines);
    if (!json) for (const l of lines) process.stdout.write(`${checkText(l)}\n`);
  };
  let env: Env | undefined;
  try {
    env = parseEnv(process.env, batonRegistry);
  } catch (err) {
    // Nothing else can be checked without the environment; a script still gets its one document.
    emit({ level: 'error', area: 'environment', message: errorMessage(err) });
  }
  if (env) await runChecks(env, emit);
  const problems = checks.filter((c) => c.level === 'error' || c.level === 'warn');
  const ok = !checks.some((c) => c.level === 'error');
  if (json) process.stdout.write(`${JSON.stringify({ ok, problems, checks }, null, 2)}\n`);
  return ok ? 0 : 1;
}

async function runChecks(env: Env, emit: (...lines: CheckLine[]) => void): Promise<void> {
  const config = await checkConfig(env);
  emit(...config.lines);
  const storeCheck = await checkStore(env);
  emit(...storeCheck.lines);
  // Said even when the files here do not load: the replicas keep running on their last good config.
  if (storeCheck.store) emit(...(await replicaLines(config.source, storeCheck.store)));
  const failed = config.lines.some((l) => l.level === 'error');
  if (failed || !storeCheck.store) {
    await storeCheck.store?.close().catch(() => {});
    // Segments without a default are a problem of the playbooks, store or not.
    if (config.org) emit(...(await segmentLines(config.org, undefined)));
    if (!failed)
      emit({
        level: 'skip',
        area: 'platforms',
        message: 'platforms not checked: Baton cannot start without its store',
      });
    return;
  }
  if (config.org) emit(...(await coverageLines(config.org, storeCheck.store)));
  if (config.org) emit(...(await awayLines(config.org, storeCheck.store, new Date())));
  if (config.org) emit(...(await segmentLines(config.org, storeCheck.store)));
  emit(...(await outboxLines(env, storeCheck.store)));
  const translation = translationProvider(batonRegistry, env);
  emit(
    translation
      ? { level: 'ok', area: 'translation', message: `translation through ${translation.label}` }
      : {
          level: 'skip',
          area: 'translation',
          message:
            'translation off: set DEEPL_AUTH_KEY, or AZURE_TRANSLATOR_KEY with AZURE_TRANSLATOR_REGION, for the Translate button',
        },
  );
  emit(
    ...(await checkPlatforms(env, storeCheck.store).catch((err: unknown): CheckLine[] => [
      { level: 'error', area: 'platforms', message: errorMessage(err) },
    ])),
  );
}

/**
 * The adapters' log goes nowhere (stderr when debugging): what they find is
 * in the check's lines, and a server's "keeps running and asks again" would
 * only confuse a command that stops.
 */
function checkLogger(env: Env): Logger {
  const debugging = env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace';
  return createLogger({
    level: debugging ? env.LOG_LEVEL : 'silent',
    secrets: secretValues(env, batonRegistry),
    redactHeaders: redactedHeadersOf(batonRegistry),
    destination: pino.destination(2),
  });
}

/** Reachability, through the adapters themselves, only where credentials are set. */
async function checkPlatforms(env: Env, store: Store): Promise<CheckLine[]> {
  if (isEmbedded(batonRegistry.platforms, env)) {
    await store.close();
    return [
      {
        level: 'skip',
        area: 'platforms',
        message: `no ${platformLabels()} credentials set: channel reachability not checked`,
      },
    ];
  }
  const { createBaton } = await import('../app.js');
  // The store is the one checked above (read-only next to a running Baton); stopping Baton closes it.
  const baton = await createBaton({ env, log: checkLogger(env), store }).catch(async (err: unknown) => {
    await store.close().catch(() => {});
    throw err;
  });
  const lines: CheckLine[] = [];
  try {
    for (const a of baton.adapters) {
      // check() first: it is what reaches the platform, so ready() then reports what it found.
      const found = (await a.check?.()) ?? [];
      const r = a.ready?.();
      if (r)
        lines.push({
          level: r.ok ? 'ok' : 'error',
          area: a.name,
          message: `${a.name}: ${r.detail}`,
          ...(r.url ? { url: r.url } : {}),
          ...(r.cause ? { cause: r.cause } : {}),
          ...(r.fix ? { fix: r.fix } : {}),
        });
      lines.push(...found.map((l) => (typeof l === 'string' ? parseCheckText(l, a.name) : l)));
    }
  } finally {
    await baton.stop();
  }
  return lines;
}

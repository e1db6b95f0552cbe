import { DEFAULT_DATABASE_URL, type RunResult, runReplicas } from '../../test/system/replicas/cluster.js';
import { benchPostgres } from './postgres-bench.js';
import { goal, quantile, runWhenMain } from './support.js';

const REMINDERS = 10_000;
const RECIPIENTS = 200;

/**
 * Delivery throughput end to end: `baton start` processes (from dist) on one
 * PostgreSQL schema, 10,000 reminders made due in one commit once every
 * replica is up, each sent as a Slack DM (digests per person) to a loopback
 * Web API that counts posts per delivery id. Timed from that commit to the
 * last post, with one and with three replicas; duplicates and misses are
 * figures too and must be 0. Then the store's claim throughput (benchPostgres).
 */
export async function benchReplicas(opts: {
  url: string;
  log: (line: string) => void;
}): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const replicas of [1, 3]) {
    const label = replicas === 1 ? '1_replica' : `${replicas}_replicas`;
    const r = await runReplicas({
      databaseUrl: opts.url,
      replicas,
      reminders: REMINDERS,
      recipients: RECIPIENTS,
      seed: 'after-start',
      timeoutMs: 600_000,
    });
    const v = r.verdict;
    const wrong = wrongCount(r);
    out[`replicas_reminders_per_s_${label}`] = v.reminders / r.seconds;
    out[`replicas_dms_per_s_${label}`] = v.posts / r.seconds;
    out[`replicas_seconds_${label}`] = r.seconds;
    out[`replicas_not_exactly_once_${label}`] = wrong;
    // Deliveries left to lapse because their claim ran low while they waited for their channel.
    const lapses = Object.entries(r.logged)
      .filter(([msg]) => /laps/i.test(msg))
      .reduce((n, [, c]) => n + c, 0);
    out[`replicas_lapse_warnings_${label}`] = lapses;
    const delays = [...r.postDelaysMs].sort((a, b) => a - b);
    out[`replicas_dm_delay_median_s_${label}`] = quantile(delays, 0.5) / 1000;
    out[`replicas_dm_delay_last_s_${label}`] = quantile(delays, 1) / 1000;
    const share = Object.entries(v.perReplica)
      .sort()
      .map(([k, n]) => `${k} ${Math.round((100 * n) / Math.max(1, v.posts))}%`)
      .join(', ');
    opts.log(
      `replicas delivery, ${replicas} replica(s): ${Math.round(v.reminders / r.seconds)} reminders/s ` +
        `(${Math.round(v.posts / r.seconds)} DMs/s; ${v.reminders} reminders in ${v.posts} DMs ` +
        `in ${r.seconds.toFixed(1)} s; ${share}); DM after due: median ${(quantile(delays, 0.5) / 1000).toFixed(1)} s, ` +
        `last ${(quantile(delays, 1) / 1000).toFixed(1)} s; ${wrong} not exactly once; ${lapses} lapse warnings` +
        (r.timedOut ? ' (TIMED OUT)' : ''),
    );
    goal(
      opts.log,
      `reminders not sent exactly once, ${REMINDERS} due, ${RECIPIENTS} people, ${replicas} replica(s) on PostgreSQL`,
      wrong + (r.timedOut ? 1 : 0),
      '<',
      1,
    );
  }
  Object.assign(out, await benchPostgres(opts));
  return out;
}

/** Reminders missing, in two DMs or still pending, and DMs posted twice or never: 0 when exactly once. */
function wrongCount(r: RunResult): number {
  const v = r.verdict;
  return (
    v.missing.length +
    v.inSeveralDms.length +
    v.pending +
    v.unsentDms +
    v.postedTwice.length +
    v.postedUnknown.length +
    v.sentUnposted.length
  );
}

runWhenMain(import.meta.url, 'replicas', (log) =>
  benchReplicas({ url: process.env.BATON_TEST_DATABASE_URL ?? DEFAULT_DATABASE_URL, log }),
);

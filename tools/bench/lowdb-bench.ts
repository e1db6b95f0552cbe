import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { populate } from './lowdb-bench-data.js';
import { goal } from './support.js';

const here = fileURLToPath(import.meta.url);

/**
 * The default file store at the spec's size: builds a data file with
 * `handoffs` open handoffs (their customers, two pending follow-ups each) and
 * `history` audit entries and touchpoints, then opens it in a fresh process
 * and measures start-up, memory, single changes, event-loop stalls (also
 * while a snapshot is written) and a scheduler claim with 1% due.
 */
export async function benchLowdb(opts: {
  handoffs: number;
  history: number;
  log: (line: string) => void;
}): Promise<Record<string, number>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-bench-lowdb-'));
  const file = path.join(dir, 'baton.json');
  try {
    const buildStart = performance.now();
    await populate(file, opts.handoffs, opts.history);
    const build_s = (performance.now() - buildStart) / 1000;
    const snapshot_mb = (await stat(file)).size / 2 ** 20;
    let history_mb = 0;
    for (const name of await readdir(`${file}.history`))
      history_mb += (await stat(path.join(`${file}.history`, name))).size / 2 ** 20;
    opts.log(
      `lowdb data: ${opts.handoffs} handoffs + customers + ${opts.handoffs * 2} follow-ups, ${opts.history} history entries; ` +
        `built in ${build_s.toFixed(1)} s; data file ${snapshot_mb.toFixed(1)} MB, history ${history_mb.toFixed(1)} MB`,
    );
    const m = await measureInChild(file, opts.handoffs);
    const f = (k: string, digits = 1) => (m[k] ?? Number.NaN).toFixed(digits);
    opts.log(
      `lowdb start-up: ${f('startup_ms', 0)} ms, then its indexes ${f('warm_up_ms', 0)} ms; RSS ${f('rss_mb', 0)} MB once settled ` +
        `(heap ${f('heap_used_mb', 0)} MB), peak RSS ${f('rss_peak_mb', 0)} MB`,
    );
    opts.log(
      `lowdb single change (handoff update + audit entry, 2,000 in a row): p50 ${f('commit_p50_ms', 2)} ms, ` +
        `p99 ${f('commit_p99_ms', 2)} ms, max ${f('commit_max_ms', 2)} ms; longest event-loop stall ${f('stall_max_ms_commits')} ms`,
    );
    opts.log(
      `lowdb snapshot of the hot set: ${f('compaction_ms', 0)} ms, ${f('commits_during_compaction', 0)} changes meanwhile ` +
        `(p99 ${f('commit_p99_ms_during_compaction', 2)} ms); longest event-loop stall ${f('stall_max_ms_compaction')} ms`,
    );
    opts.log(
      `lowdb claimDueFollowUps, ${f('pending_follow_ups', 0)} pending: ${f('claim_due_count', 0)} due claimed in ` +
        `${f('claim_due_ms', 2)} ms; a tick with nothing due ${f('claim_tick_nothing_due_ms', 3)} ms`,
    );
    opts.log(`lowdb close (final snapshot): ${f('close_ms', 0)} ms`);
    const data = `${opts.handoffs} handoffs + ${opts.history} history`;
    goal(
      opts.log,
      `lowdb longest stall, 2,000 single changes, ${data}`,
      m.stall_max_ms_commits ?? Number.NaN,
      '<',
      50,
      ' ms',
    );
    goal(
      opts.log,
      `lowdb longest stall during a snapshot, ${data}`,
      m.stall_max_ms_compaction ?? Number.NaN,
      '<',
      50,
      ' ms',
    );
    return {
      lowdb_build_s: build_s,
      lowdb_snapshot_mb: snapshot_mb,
      lowdb_history_mb: history_mb,
      ...prefixed(m),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const prefixed = (m: Record<string, number>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [`lowdb_${k}`, v]));

/** The child is this file's sibling, run the way this file runs (compiled, or through a TypeScript loader). */
function measureInChild(file: string, handoffs: number): Promise<Record<string, number>> {
  const child = path.join(path.dirname(here), `lowdb-bench-child${path.extname(here)}`);
  const args = [
    ...process.execArgv.filter((a) => a !== '--expose-gc'),
    '--expose-gc',
    child,
    file,
    String(handoffs),
  ];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    proc.stdout.on('data', (d) => {
      stdout += String(d);
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`lowdb bench child exited with ${code}`));
      try {
        resolve(JSON.parse(last) as Record<string, number>);
      } catch {
        reject(new Error(`lowdb bench child printed no result: ${stdout.slice(-500)}`));
      }
    });
  });
}

import { fork } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport, formatTotal, type SimReport } from './report.js';
import { QUARTER, simulate } from './run.js';

/**
 * `npm run simulate [-- --seeds 1,2,3,4,5 --jobs 2 --purchases N --weeks N --step MIN --declines P
 * --restarts N --outage HOURS --duplicates P --trace ID,ID --dump FILE --start YYYY-MM-DD --keep DIR]`:
 * a quarter for each of five
 * seeds with every fault on, two seeds at a time in child processes. Prints a table per seed and a
 * total; exits 1 on any silent customer.
 */
const { values } = parseArgs({
  options: {
    seeds: { type: 'string' },
    seed: { type: 'string' },
    jobs: { type: 'string' },
    purchases: { type: 'string' },
    weeks: { type: 'string' },
    step: { type: 'string' },
    declines: { type: 'string' },
    restarts: { type: 'string' },
    outage: { type: 'string' },
    duplicates: { type: 'string' },
    quiet: { type: 'boolean' },
    trace: { type: 'string' },
    dump: { type: 'string' },
    start: { type: 'string' },
    keep: { type: 'string' },
    /** Internal: where a child process writes its report. */
    json: { type: 'string' },
  },
});
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const seeds = (values.seeds ?? values.seed ?? '1,2,3,4,5').split(',').map(Number);

/** `--start`: the simulated quarter begins that Monday, 00:00 UTC (say 13 weeks ago, to see it on the dashboard). */
function mondayOf(day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(at.getTime()) || at.getUTCDay() !== 1) {
    process.stderr.write(`--start ${day}: give a Monday as YYYY-MM-DD\n`);
    process.exit(2);
  }
  return at.toISOString();
}

async function runSeed(seed: number): Promise<SimReport> {
  return simulate({
    ...QUARTER,
    seed,
    purchases: num(values.purchases, QUARTER.purchases),
    weeks: num(values.weeks, QUARTER.weeks),
    stepMinutes: num(values.step, QUARTER.stepMinutes),
    declines: num(values.declines, QUARTER.declines),
    restarts: num(values.restarts, QUARTER.restarts),
    outageHours: num(values.outage, QUARTER.outageHours),
    duplicateWebhooks: num(values.duplicates, QUARTER.duplicateWebhooks),
    ...(values.trace ? { trace: values.trace.split(',') } : {}),
    ...(values.dump ? { dump: `${values.dump}.${seed}` } : {}),
    ...(values.start ? { start: mondayOf(values.start) } : {}),
    ...(values.keep ? { keep: path.join(values.keep, String(seed)) } : {}),
    ...(values.quiet ? {} : { progress: (line: string) => process.stderr.write(`${line}\n`) }),
  });
}

/** Each seed in its own process, `jobs` at a time: a seed is one event loop, mostly waiting on I/O. */
async function inChildren(jobs: number): Promise<SimReport[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-sim-reports-'));
  const args = process.argv.slice(2).filter((_, i, all) => all[i] !== '--seeds' && all[i - 1] !== '--seeds');
  const reports = new Map<number, SimReport>();
  const queue = [...seeds];
  async function worker(): Promise<void> {
    for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) {
      const file = path.join(dir, `${seed}.json`);
      const child = fork(process.argv[1] ?? '', [...args, '--seeds', String(seed), '--json', file], {
        stdio: 'inherit',
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      if (code !== 0 && code !== 1) throw new Error(`the simulation of seed ${seed} crashed (exit ${code})`);
      reports.set(seed, JSON.parse(await readFile(file, 'utf8')) as SimReport);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  await rm(dir, { recursive: true, force: true });
  return seeds.map((s) => reports.get(s) as SimReport);
}

const jobs = num(values.jobs, 2);
let reports: SimReport[];
if (seeds.length > 1 && jobs > 1) {
  reports = await inChildren(jobs);
  for (const r of reports) process.stdout.write(`${formatReport(r)}\n\n`);
} else {
  reports = [];
  for (const seed of seeds) {
    const report = await runSeed(seed);
    reports.push(report);
    if (values.json) await writeFile(values.json, JSON.stringify(report));
    else process.stdout.write(`${formatReport(report)}\n\n`);
  }
}
if (reports.length > 1) process.stdout.write(`${formatTotal(reports)}\n`);
process.exitCode = reports.every((r) => r.failures.length === 0) ? 0 : 1;

import { parseArgs } from 'node:util';
import { formatReport, formatTotal, type SimReport } from './report.js';
import { QUARTER, simulate } from './run.js';

/**
 * `npm run simulate [-- --seeds 1,2,3,4,5 --purchases N --weeks N --step MIN --declines P
 * --restarts N --outage HOURS --duplicates P --trace ID,ID]`: a quarter for each of five seeds with
 * every fault on. Prints a table per seed and a total; exits 1 on any silent customer.
 */
const { values } = parseArgs({
  options: {
    seeds: { type: 'string' },
    seed: { type: 'string' },
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
  },
});
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const seeds = (values.seeds ?? values.seed ?? '1,2,3,4,5').split(',').map(Number);

const reports: SimReport[] = [];
for (const seed of seeds) {
  const report = await simulate({
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
    ...(values.dump ? { dump: seeds.length > 1 ? `${values.dump}.${seed}` : values.dump } : {}),
    ...(values.quiet ? {} : { progress: (line: string) => process.stderr.write(`${line}\n`) }),
  });
  reports.push(report);
  process.stdout.write(`${formatReport(report)}\n\n`);
}
if (reports.length > 1) process.stdout.write(`${formatTotal(reports)}\n`);
process.exitCode = reports.every((r) => r.failures.length === 0) ? 0 : 1;

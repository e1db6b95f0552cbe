import { parseArgs } from 'node:util';
import { formatReport } from './report.js';
import { QUARTER, simulate } from './run.js';

/**
 * `npm run simulate [-- --purchases N --weeks N --seed N --step MIN --declines P --trace ID,ID]`: the
 * quarter by default. Exits 1 when a check fails, so CI can run it.
 */
const { values } = parseArgs({
  options: {
    purchases: { type: 'string' },
    weeks: { type: 'string' },
    seed: { type: 'string' },
    step: { type: 'string' },
    declines: { type: 'string' },
    quiet: { type: 'boolean' },
    trace: { type: 'string' },
  },
});
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));

const report = await simulate({
  ...QUARTER,
  purchases: num(values.purchases, QUARTER.purchases),
  weeks: num(values.weeks, QUARTER.weeks),
  seed: num(values.seed, QUARTER.seed),
  stepMinutes: num(values.step, QUARTER.stepMinutes),
  declines: num(values.declines, QUARTER.declines),
  ...(values.trace ? { trace: values.trace.split(',') } : {}),
  ...(values.quiet ? {} : { progress: (line: string) => process.stderr.write(`${line}\n`) }),
});
process.stdout.write(`${formatReport(report)}\n`);
process.exitCode = report.failures.length === 0 ? 0 : 1;

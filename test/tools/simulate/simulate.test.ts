import { describe, expect, it } from 'vitest';
import { formatReport } from '../../../tools/simulate/report.js';
import { QUARTER, type SimOptions, simulate } from '../../../tools/simulate/run.js';

/** Two weeks, 60 purchases, every fault on: declines, reassigns, people away, an outage, restarts, duplicate webhooks. */
const SMALL: SimOptions = { ...QUARTER, purchases: 60, weeks: 2, seed: 11, restarts: 2, declines: 0.15 };

describe('the no-silent-customer simulation, two weeks of it with every fault on', () => {
  it('leaves no customer past their SLA without a reminder to the owner and an escalation to the lead', async () => {
    const report = await simulate(SMALL);
    const text = formatReport(report);
    expect(report.verdict.silent, text).toEqual([]);
    expect(report.failures, text).toEqual([]);
    // Not vacuous: people were late, were reminded and escalated about it, and every fault happened.
    expect(report.verdict.pastSla, text).toBeGreaterThan(0);
    expect(report.verdict.escalations).toBeGreaterThan(0);
    expect(report.counts.declines).toBeGreaterThan(0);
    expect(report.counts['reassigned by lead']).toBeGreaterThan(0);
    expect(report.counts['restarts (planned)']).toBeGreaterThan(0);
    expect(report.counts['duplicate webhooks answered 200']).toBeGreaterThan(0);
    expect(report.messages['calls refused in the outage (5xx, 429)']).toBeGreaterThan(0);
    expect(report.messages['slack direct messages']).toBeGreaterThan(0);
    expect(report.messages['teams direct messages']).toBeGreaterThan(0);
  }, 240_000);

  it('control: when the platform drops the reminders about some customers, the oracle names them silent', async () => {
    const dropped = ['cus0004', 'cus0009', 'cus0015', 'cus0022', 'cus0031', 'cus0040'];
    const report = await simulate({ ...SMALL, declines: 0, swallowRemindersFor: dropped });
    const text = formatReport(report);
    expect(report.messages['messages swallowed (control)'], text).toBeGreaterThan(0);
    const silent = report.verdict.silent;
    expect(silent.length, text).toBeGreaterThan(0);
    expect(silent.filter((c) => dropped.includes(c)).length, text).toBeGreaterThanOrEqual(3);
    // Only customers a swallowed message named (a digest or an escalation can name others too):
    // Baton's records say every reminder went out, and the oracle never reads them.
    expect(
      silent.filter((c) => !report.swallowedAbout?.includes(c)),
      text,
    ).toEqual([]);
  }, 240_000);
});

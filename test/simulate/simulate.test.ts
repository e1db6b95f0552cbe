import { describe, expect, it } from 'vitest';
import { formatReport } from './report.js';
import { QUARTER, simulate } from './run.js';

describe('the no-silent-customer simulation, two weeks of it', () => {
  it('leaves no customer past their SLA without nudging owner and lead, and /cx gaps lists exactly those late', async () => {
    const report = await simulate({ ...QUARTER, purchases: 60, weeks: 2, seed: 11 });
    expect(report.failures, formatReport(report)).toEqual([]);
    // Not vacuous: people were late, were nudged and escalated about it, and gaps listed them meanwhile.
    expect(report.verdict.customersPastSla).toBeGreaterThan(0);
    expect(report.verdict.silentCustomers).toEqual([]);
    expect(report.messages['escalation messages']).toBeGreaterThan(0);
    expect(report.counts['first nudges ignored']).toBeGreaterThan(0);
    expect(report.gapChecks.checked).toBeGreaterThan(300);
    expect(report.gapChecks.listed).toBeGreaterThan(0);
    expect(report.gapChecks.mismatches).toEqual([]);
    expect(report.purchases).toBe(60);
  });
});

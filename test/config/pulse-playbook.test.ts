import { describe, expect, it } from 'vitest';
import { playbookSchema } from '../../src/playbooks/schema.js';

const base = { from: 'sales', to: 'delivery' };
const issues = (pulse: unknown) => {
  const r = playbookSchema.safeParse({ ...base, pulse });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe("a playbook's pulse", () => {
  it('takes the first contact and an ISO duration', () => {
    expect(issues({ after: 'firstContact', delay: 'P1D' })).toEqual([]);
    expect(playbookSchema.parse(base).pulse).toBeUndefined();
  });
  it('refuses another moment, a wrong duration and an unknown key, saying what is right', () => {
    expect(issues({ after: 'accept', delay: 'P1D' })).toEqual([
      'pulse.after: only "firstContact" for now: the pulse is asked after the first contact',
    ]);
    expect(issues({ after: 'firstContact', delay: '1 day' })[0]).toMatch(/^pulse\.delay: /);
    expect(issues({ after: 'firstContact', delay: 'P1D', to: 'everyone' })[0]).toMatch(/^pulse: .*to/);
  });
});

import { describe, expect, it } from 'vitest';
import { batonRegistry } from '../../app/registry.js';
import { createDirectory } from '../../src/config/directory.js';
import { configSchemaFor } from '../../src/config/schema.js';

const base = {
  teams: { sales: { name: 'Sales', lead: 'dana' } },
  people: { dana: { name: 'Dana', team: 'sales', teams: '29:dana' } },
  admins: ['dana'],
};

describe('config look-ups by key: only keys the config defines', () => {
  const dir = createDirectory(configSchemaFor(batonRegistry.platforms).parse(base), [], batonRegistry);

  it('Object.prototype names are not people or teams', () => {
    // Control: the configured ones are.
    expect(dir.person('dana')?.name).toBe('Dana');
    expect(dir.team('sales')?.name).toBe('Sales');
    for (const k of ['toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty']) {
      expect(dir.person(k), k).toBeUndefined();
      expect(dir.team(k), k).toBeUndefined();
      expect(dir.personName(k)).toBe(k);
      expect(dir.findTeam(k), k).toBeUndefined();
      expect(dir.isLeadOf(k, 'sales')).toBe(false);
      expect(dir.personLocale(k)).toBe('en');
    }
  });

  it('a config naming constructor as a lead, a team or an admin is refused', () => {
    expect(configSchemaFor(batonRegistry.platforms).safeParse(base).success).toBe(true);
    const lead = { ...base, teams: { sales: { name: 'Sales', lead: 'constructor' } } };
    expect(configSchemaFor(batonRegistry.platforms).safeParse(lead).success).toBe(false);
    const team = { ...base, people: { dana: { name: 'Dana', team: 'constructor' } } };
    expect(configSchemaFor(batonRegistry.platforms).safeParse(team).success).toBe(false);
    expect(
      configSchemaFor(batonRegistry.platforms).safeParse({ ...base, admins: ['constructor'] }).success,
    ).toBe(false);
  });
});

import { expect, it } from 'vitest';
import { manualClock, sequentialIds } from '../../../../src/clock.js';
import { createLiveDirectory } from '../../../../src/config/live-directory.js';
import { isAway } from '../../../../src/domain/away.js';
import { silentLogger } from '../../../../src/log.js';
import { endAway, setAway } from '../../../../src/services/time-off.js';
import { AWAY_NS, refreshTimeOff } from '../../../../src/services/time-off-store.js';
import { dir as configured } from '../../../cards/fixtures.js';
import type { GetStore } from './helpers.js';

/**
 * Time off set by command (`/cx away`) is a kv entry per person with its
 * audit line, written in one commit: what this store gives back is what a
 * restarted Baton, or another replica, routes reminders by.
 */
export function timeOffContract(store: GetStore): void {
  it('keeps time off set by command as written, with who set it, and forgets it on back', async () => {
    const clock = manualClock(`2031-05-${String(10 + Math.floor(Math.random() * 10))}T10:00:00.000Z`);
    const at = clock.now().toISOString();
    const deps = {
      store: store(),
      dir: createLiveDirectory(configured),
      clock,
      ids: sequentialIds(`to${Math.random().toString(36).slice(2, 8)}`),
      log: silentLogger,
      platforms: ['slack'],
    };
    const set = await setAway(deps, { actor: 'priya', person: 'omar', until: '2031-06-30', backup: 'dana' });
    expect(set.ok).toBe(true);
    // The stored value itself, read back as the store returns it (jsonb on PostgreSQL).
    expect(await store().getKv(AWAY_NS, 'omar')).toEqual({
      state: 'away',
      until: '2031-06-30',
      backup: 'dana',
      by: 'priya',
      at,
    });
    expect((await store().listKv(AWAY_NS)).filter((r) => r.key === 'omar')).toHaveLength(1);
    const audit = await store().scanAudit({ actions: ['person.away'], actor: 'priya', since: at, limit: 10 });
    expect(audit.entries.map((e) => [e.subject, e.details])).toContainEqual([
      { type: 'person', id: 'omar' },
      { until: '2031-06-30', backup: 'dana' },
    ]);

    // A second directory reading the same store (another replica, a restart) sees Omar away.
    const other = createLiveDirectory(configured);
    await refreshTimeOff({ store: store(), dir: other }, clock.now());
    expect(isAway(other, 'omar', '2031-06-01')).toBe(true);
    expect(other.person('omar')?.away).toEqual({ until: '2031-06-30', backup: 'dana' });

    // After its last day (in London) it drops out of what is read, though still stored.
    await refreshTimeOff({ store: store(), dir: other }, new Date('2031-07-01T00:30:00Z'));
    expect(other.person('omar')?.away).toBeUndefined();
    await refreshTimeOff({ store: store(), dir: other }, clock.now());

    const back = await endAway(deps, { actor: 'omar' });
    expect(back.ok).toBe(true);
    expect(await store().getKv(AWAY_NS, 'omar')).toBeUndefined();
    const backs = await store().scanAudit({ actions: ['person.back'], actor: 'omar', since: at, limit: 10 });
    expect(backs.entries.map((e) => e.subject.id)).toContain('omar');
    await refreshTimeOff({ store: store(), dir: other }, clock.now());
    expect(other.person('omar')?.away).toBeUndefined();
  });
}

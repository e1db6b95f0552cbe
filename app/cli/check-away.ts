import type { Directory } from '../../src/config/directory.js';
import { createLiveDirectory } from '../../src/config/live-directory.js';
import { isAway, personToday, standInFor } from '../../src/domain/away.js';
import { errorMessage } from '../../src/errors.js';
import type { CheckLine } from '../../src/server/check-line.js';
import { AWAY_NS, overlayFrom } from '../../src/services/time-off-store.js';
import type { Store } from '../../src/store/store.js';

const area = 'away';

/**
 * `baton check`'s people away today, from the config's `away:` and what `/cx away` stored, each
 * with who is asked instead (their backup, else their lead, followed on while those are away
 * too). Someone with nobody left to stand in is a warning: their reminders and new handoffs go
 * to the team's channel or the admins.
 */
export async function awayLines(base: Directory, store: Store, now: Date): Promise<CheckLine[]> {
  let dir: Directory;
  try {
    const live = createLiveDirectory(base);
    live.setAway(overlayFrom(base, await store.listKv(AWAY_NS), now));
    dir = live;
  } catch (err) {
    return [
      {
        level: 'warn',
        area,
        message: `people away not checked: the store could not be read: ${errorMessage(err)}`,
      },
    ];
  }
  const lines: CheckLine[] = [];
  for (const key of Object.keys(dir.config.people).sort()) {
    if (!isAway(dir, key, personToday(dir, key, now))) continue;
    const who = `${dir.personName(key)} until ${dir.person(key)?.away?.until}`;
    const standIn = standInFor(dir, key, now);
    if (standIn)
      lines.push({ level: 'ok', area, message: `away: ${who}; ${dir.personName(standIn)} is asked instead` });
    else {
      const fix = `name a backup who is not away (\`/cx away @person until <date> backup @other\`) or a lead for ${dir.teamName(dir.person(key)?.team ?? '')}`;
      lines.push({
        level: 'warn',
        area,
        message: `away: ${who}, and nobody stands in (their backup and lead are away or not set): their reminders and new handoffs go to the team's channel or the admins; ${fix}`,
        fix,
      });
    }
  }
  return lines.length > 0 ? lines : [{ level: 'ok', area, message: 'away: nobody today' }];
}

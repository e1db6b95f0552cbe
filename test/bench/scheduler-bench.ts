import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { manualClock, randomIds } from '../../src/clock.js';
import { createDirectory } from '../../src/config/directory.js';
import { parseConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/log.js';
import { tick } from '../../src/scheduler/tick.js';
import { BENCH_NOW, populate } from './lowdb-bench-data.js';

/** The people the bench data names (owner0..39 in delivery, rep0..24 in sales), all on Slack. */
function benchDirectory() {
  const people: Record<string, unknown> = {};
  for (let i = 0; i < 40; i++)
    people[`owner${i}`] = { name: `Owner ${i}`, team: 'delivery', slack: `U0OWNER${i}` };
  for (let i = 0; i < 25; i++) people[`rep${i}`] = { name: `Rep ${i}`, team: 'sales', slack: `U0REP${i}` };
  const config = parseConfig(
    {
      teams: {
        sales: { name: 'Sales', timezone: 'America/New_York', slack: { channel: 'C0SALES' } },
        delivery: {
          name: 'Delivery',
          lead: 'owner0',
          timezone: 'Europe/London',
          slack: { channel: 'C0DELIVERY' },
        },
      },
      people,
    },
    'bench',
  );
  return createDirectory(config, []);
}

/**
 * One scheduler tick over the lowdb store holding `open` open handoffs (two
 * pending follow-ups each) of which about `due` follow-ups are due: claim,
 * check each against its handoff, queue one message per recipient, commit.
 */
export async function benchScheduler(opts: {
  open: number;
  log: (line: string) => void;
}): Promise<Record<string, number>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-bench-tick-'));
  const file = path.join(dir, 'baton.json');
  try {
    await populate(file, opts.open, 0);
    const clock = manualClock(BENCH_NOW);
    const store = await openLowdbStore({ file, clock });
    const dueTotal = (await store.listFollowUps({})).filter((f) => f.dueAt <= BENCH_NOW.toISOString()).length;
    // The data has 2% due: one tick warms the code up (a running Baton ticks every second),
    // the next is measured with the 1,000 that remain.
    const due = Math.min(Math.max(0, dueTotal - 1_000), 1_000);
    const deps = {
      store,
      dir: benchDirectory(),
      clock,
      ids: randomIds,
      log: silentLogger,
      platforms: ['slack' as const],
      replica: 'bench',
    };
    await tick(deps, { limit: 1_000 });
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const started = performance.now();
    const result = await tick(deps, { limit: 1_000 });
    const tick_ms = performance.now() - started;
    loop.disable();
    // A second tick with nothing due: the cost of looking when there is nothing to do.
    const idleStart = performance.now();
    await tick(deps);
    const idle_ms = performance.now() - idleStart;
    await store.close();
    const figures = {
      tick_ms,
      tick_due: due,
      tick_messages: result.messages,
      tick_idle_ms: idle_ms,
      tick_max_stall_ms: loop.max / 1e6,
    };
    opts.log(
      `scheduler tick: ${opts.open} open handoffs, ${due} due follow-ups → ${result.messages} messages in ${tick_ms.toFixed(1)} ms ` +
        `(goal < 20 ms); idle tick ${idle_ms.toFixed(2)} ms; longest stall ${figures.tick_max_stall_ms.toFixed(1)} ms`,
    );
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

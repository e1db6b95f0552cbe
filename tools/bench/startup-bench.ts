import { benchSetup, startBatonCli } from './baton-cli.js';
import { fakeConnector, fakeSlack } from './fake-platforms.js';
import { fmt, goal, median, rounds, runWhenMain, scaled } from './support.js';

/**
 * Start-up of the whole `baton start` (the CLI, Slack and Teams configured against loopback
 * fakes, the bench data file): from spawn to the first /readyz 200, and the process's RSS then
 * and after a second of settling; median of rounds on the same data file.
 */
export async function benchStartup(opts: {
  log: (line: string) => void;
  handoffs?: number;
}): Promise<Record<string, number>> {
  const { log } = opts;
  // The commands' data (50k + 500k history), built once for startup, slack, teams and burst.
  const handoffs = opts.handoffs ?? scaled(50_000, 300);
  const history = handoffs * 10;
  const slack = await fakeSlack();
  const connector = await fakeConnector();
  const setup = await benchSetup({ handoffs, history });
  const ready: number[] = [];
  const rss: number[] = [];
  const settled: number[] = [];
  const peak: number[] = [];
  const idle: number[] = [];
  try {
    // Medians where cheap: a start that takes over 15 s is measured once.
    for (let r = 0; r < rounds() && (r === 0 || (ready[0] ?? 0) < 15_000); r++) {
      const baton = await startBatonCli(setup, {
        slackApiUrl: slack.url,
        // An app id is what turns Teams on beside Slack (without one, Teams runs only as the
        // embedded default, when no platform is set): botbuilder is loaded and wired as deployed.
        env: {
          TEAMS_SERVICE_URL: connector.url,
          MicrosoftAppId: 'bench-app-id',
          MicrosoftAppPassword: 'bench-app-password',
          MicrosoftAppType: 'SingleTenant',
          MicrosoftAppTenantId: 'bench-tenant',
        },
      });
      ready.push(baton.readyMs);
      await new Promise((res) => setTimeout(res, 1_000));
      rss.push(await baton.rssMb());
      // The file store builds its indexes once Baton answers: memory is judged once they are built.
      await new Promise((res) => setTimeout(res, 5_000));
      settled.push(await baton.rssMb());
      peak.push(await baton.peakRssMb());
      // Idle a while longer: what a Baton nobody is using holds (release-load-memory's steps done).
      await new Promise((res) => setTimeout(res, 9_000));
      idle.push(await baton.rssMb());
      await baton.stop();
    }
  } finally {
    await slack.close();
    await connector.close();
    await setup.cleanup();
  }
  const workload = `baton start, Slack + Teams on fakes, ${handoffs} handoffs + ${history} history, median of ${ready.length}`;
  log(
    `start-up to /readyz 200, ${workload}: ${fmt(median(ready))} ms; RSS ${fmt(median(rss))} MB a second later, ` +
      `${fmt(median(settled))} MB six seconds later, ${fmt(median(idle))} MB fifteen seconds later (idle), ` +
      `peak ${fmt(median(peak))} MB`,
  );
  goal(log, `start-up, ${workload}`, median(ready) / 1000, '<', 2, ' s');
  goal(log, `memory six seconds after start-up, ${workload}`, median(settled), '<', 300, ' MB');
  return {
    startup_ready_ms: median(ready),
    startup_rss_mb: median(rss),
    startup_settled_rss_mb: median(settled),
    startup_peak_rss_mb: median(peak),
    startup_idle_rss_mb: median(idle),
  };
}

runWhenMain(import.meta.url, 'startup', (log) => benchStartup({ log }));

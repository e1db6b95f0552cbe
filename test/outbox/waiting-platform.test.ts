import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/log.js';
import { FakeSlack } from '../adapters/slack/fake-slack.js';
import { runCli } from '../support/cli.js';
import { REPO, startTestBaton, type TestBaton, tempDir } from '../support/harness.js';
import { recordingPlatform } from '../support/recording-notifier.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../support/seed.js';

/** A logger that keeps what a person reading the log would see. */
function capturingLogger(): Logger & { lines: Array<{ level: string; msg: string; obj: object }> } {
  const lines: Array<{ level: string; msg: string; obj: object }> = [];
  const at =
    (level: string) =>
    (obj: object, msg = '') =>
      lines.push({ level, msg, obj });
  const log: Logger & { lines: typeof lines } = {
    lines,
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    child: () => log,
  };
  return log;
}

const metricLine = (text: string, name: string) =>
  text.split('\n').find((l) => l.startsWith(name)) ?? `${name} (missing)`;

describe('deliveries for a platform that is not configured', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const s of stops.splice(0).reverse()) await s();
  });

  async function start(file: string, platforms: Array<'slack' | 'teams'>, log?: Logger) {
    const recorded = platforms.map((p) => recordingPlatform(p));
    const t: TestBaton = await startTestBaton({
      store: { file },
      ...(log ? { log } : {}),
      adapters: async () => recorded.map((r) => r.adapter),
    });
    stops.push(() => t.stop());
    return { t, recorded };
  }

  it('wait through a start without it (counted, named, logged once) and go out once it is back', async () => {
    const tmp = await tempDir('baton-waiting-');
    stops.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'baton.json');

    // Slack and Teams both configured: two handoffs queue a card for each platform; nothing is sent yet.
    const first = await start(file, ['slack', 'teams']);
    await seedCustomers(
      first.t.store,
      aCustomer('acme', 'Acme Corp', 'sales'),
      aCustomer('globex', 'Globex', 'sales'),
    );
    for (const id of ['acme', 'globex']) {
      const r = await first.t.baton.services.startHandoff({
        actor: 'sam',
        customer: { id },
        to: { team: 'delivery' },
        context: DELIVERY_CONTEXT,
        source: { kind: 'person' },
      });
      expect(r.ok).toBe(true);
    }
    const queued = await first.t.store.listDeliveries({ status: 'pending' });
    const teamsCards = queued.filter((d) => d.platform === 'teams' && d.message.type === 'handoff-card');
    expect(teamsCards).toHaveLength(2);
    await stops.pop()?.();

    // Restarted with Slack only: Slack's cards go out, Teams' wait.
    const log = capturingLogger();
    const slackOnly = await start(file, ['slack'], log);
    for (let i = 0; i < 5; i++) await slackOnly.t.advance(3_600_000);
    const [slack] = slackOnly.recorded;
    expect(slack?.toTeam('delivery')).toHaveLength(2);
    const still = await slackOnly.t.store.listDeliveries({ status: 'pending' });
    expect(
      still
        .filter((d) => d.platform === 'teams')
        .map((d) => d.id)
        .sort(),
    ).toEqual(
      queued
        .filter((d) => d.platform === 'teams')
        .map((d) => d.id)
        .sort(),
    );
    expect(await slackOnly.t.store.listDeliveries({ status: 'failed' })).toEqual([]);
    const waitingCount = still.filter((d) => d.platform === 'teams').length;

    const metrics = await (await fetch(`${slackOnly.t.url}/metrics`)).text();
    expect(metricLine(metrics, 'baton_waiting_deliveries{platform="teams"}')).toBe(
      `baton_waiting_deliveries{platform="teams"} ${waitingCount}`,
    );
    expect(metricLine(metrics, 'baton_waiting_deliveries{platform="slack"}')).toBe(
      'baton_waiting_deliveries{platform="slack"} 0',
    );

    // Still ready (Slack works), but it says what waits.
    const ready = await fetch(`${slackOnly.t.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as {
      ok: boolean;
      warnings?: string[];
      checks: Record<string, unknown>;
    };
    expect(body.ok).toBe(true);
    expect(body.warnings).toEqual([expect.stringContaining(`${waitingCount} deliveries wait for teams`)]);
    expect(body.checks.outbox).toMatchObject({ ok: true, detail: expect.stringContaining('teams') });

    // Logged once for the start, however many passes ran.
    const said = log.lines.filter((l) => l.level === 'warn' && l.msg.includes('wait for teams'));
    expect(said).toHaveLength(1);
    expect(said[0]?.obj).toMatchObject({ platform: 'teams', deliveries: waitingCount });
    await stops.pop()?.();

    // `baton check` with the same Slack-only environment names them too (a warning, not a failure).
    const fake = await new FakeSlack().start();
    stops.push(() => fake.close());
    const check = await runCli(['check'], {
      cwd: tmp.dir,
      env: {
        BATON_CONFIG: path.join(REPO, 'baton.config.example.yaml'),
        BATON_HANDOFFS: path.join(REPO, 'handoffs'),
        BATON_DATA_FILE: file,
        SLACK_BOT_TOKEN: 'xoxb-check-token',
        SLACK_SIGNING_SECRET: 'check-signing-secret',
        SLACK_API_URL: fake.url,
        MicrosoftAppId: undefined,
        DATABASE_URL: undefined,
      },
    });
    expect(check.stdout).toContain(`warn outbox: ${waitingCount} deliveries wait for teams`);
    expect(check.stdout).not.toMatch(/FAIL.*outbox/);

    // Teams configured again: the waiting cards go out, once.
    const both = await start(file, ['slack', 'teams']);
    await both.t.advance(0);
    await both.t.advance(60_000);
    const teams = both.recorded[1];
    const cards = teams?.toTeam('delivery').filter((s) => s.item.rendered.kind === 'card') ?? [];
    expect(cards.map((s) => s.item.delivery.id).sort()).toEqual(teamsCards.map((d) => d.id).sort());
    expect(both.recorded[0]?.sent).toHaveLength(0);
    expect((await both.t.store.stats()).pendingDeliveriesByPlatform.teams ?? 0).toBe(0);
    const after = await (await fetch(`${both.t.url}/metrics`)).text();
    expect(metricLine(after, 'baton_waiting_deliveries{platform="teams"}')).toBe(
      'baton_waiting_deliveries{platform="teams"} 0',
    );
    expect(
      ((await (await fetch(`${both.t.url}/readyz`)).json()) as { warnings?: unknown }).warnings,
    ).toBeUndefined();
  }, 60_000);
});

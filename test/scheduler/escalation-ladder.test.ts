import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { get, signIn } from '../adapters/dashboard/helpers.js';
import { handoffVia, messageIn, textOf } from '../adapters/slack/helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from '../adapters/slack/setup.js';
import { REPO, tempDir } from '../support/harness.js';

const HOUR = 3_600_000;
const MIN = 60_000;
/** The accept SLA these tests set; Delivery works around the clock here, so a share of it is plain time. */
const ACCEPT = 4 * HOUR;

/**
 * The bundled example, changed where the test says: Delivery without office
 * hours or holidays (so the SLA is calendar time the test can add up itself)
 * and the purchase playbook with the accept SLA and escalation given.
 */
async function org(dir: string, escalate: unknown): Promise<Record<string, string>> {
  const cfg = parse(await readFile(path.join(REPO, 'baton.config.example.yaml'), 'utf8'));
  delete cfg.teams.delivery.hours;
  cfg.teams.delivery.holidays = [];
  await writeFile(path.join(dir, 'baton.config.yaml'), stringify(cfg));
  await cp(path.join(REPO, 'handoffs'), path.join(dir, 'handoffs'), { recursive: true });
  const pbFile = path.join(dir, 'handoffs', 'sales-to-delivery.yaml');
  const pb = parse(await readFile(pbFile, 'utf8'));
  pb.sla = { accept: 'PT4H', firstContact: 'P10D' };
  pb.nudges = ['50%'];
  pb.escalate = escalate;
  await writeFile(pbFile, stringify(pb));
  return {
    BATON_CONFIG: path.join(dir, 'baton.config.yaml'),
    BATON_HANDOFFS: path.join(dir, 'handoffs'),
  };
}

/** Slack's own stamp of a post (seconds, as text) as epoch milliseconds, to the second. */
const postedAt = (ts: string | undefined) => Math.floor(Number(ts) * 1000);
const escalationsIn = (s: SlackTest, channel: string) =>
  s.fake.channel(channel).filter((m) => textOf(m).includes('Escalated to you'));

describe('An escalation ladder, from the playbook to the people and channels it names', () => {
  let s: SlackTest;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir();
  });
  afterEach(async () => {
    await s?.stop();
    await tmp.cleanup();
    // Every card and notice with the escalation lines stayed within Block Kit's limits.
    expect(s?.fake.violations).toEqual([]);
  });

  async function start(escalate: unknown) {
    s = await startSlackTest({ env: await org(tmp.dir, escalate), dashboard: true });
    // Slack stamps each post with the test's clock: when a message arrived is the oracle.
    s.fake.now = () => s.t.clock.now().getTime();
    await seedCustomers(s.t.store, [aCustomer()]);
  }

  it('reaches the lead, then the sales channel, then the head of CX, each at its share of the SLA', async () => {
    await start([
      { at: '150%', to: 'lead' },
      { at: '200%', to: 'sales' },
      { at: '300%', to: 'head-of-cx' },
    ]);
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    const sent = s.t.clock.now().getTime();
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp: Sales → Delivery');

    // Nobody accepts. The lead hears at 150% of the 4-hour window, not a minute before.
    await s.pass(1.5 * ACCEPT - MIN);
    expect(escalationsIn(s, 'DU0PRIYA')).toHaveLength(0);
    await s.pass(MIN);
    const lead = escalationsIn(s, 'DU0PRIYA');
    expect(lead).toHaveLength(1);
    expect(postedAt(lead[0]?.ts)).toBe(sent + 1.5 * ACCEPT);
    expect(textOf(lead[0])).toContain('Acme Corp');

    // A team step posts to the team's own channel.
    await s.pass(0.5 * ACCEPT - MIN);
    expect(escalationsIn(s, 'C0SALES')).toHaveLength(0);
    await s.pass(MIN);
    const team = escalationsIn(s, 'C0SALES');
    expect(team).toHaveLength(1);
    expect(postedAt(team[0]?.ts)).toBe(sent + 2 * ACCEPT);

    // The role: head-of-cx is Olivia in the config.
    await s.pass(ACCEPT - MIN);
    expect(escalationsIn(s, 'DU0OLIVIA')).toHaveLength(0);
    await s.pass(MIN);
    const head = escalationsIn(s, 'DU0OLIVIA');
    expect(head).toHaveLength(1);
    expect(postedAt(head[0]?.ts)).toBe(sent + 3 * ACCEPT);
    expect(textOf(head[0])).toContain('Escalated to you: Acme Corp');

    // The card shows every step so far, who and when (Slack writes the time as a date token).
    const seen = textOf(card);
    const token = (ms: number) => `<!date^${ms / 1000}^`;
    expect(seen).toContain(`Escalated to Priya Shah on ${token(sent + 1.5 * ACCEPT)}`);
    expect(seen).toContain(`Escalated to the Sales channel on ${token(sent + 2 * ACCEPT)}`);
    expect(seen).toContain(`Escalated to Olivia Grant on ${token(sent + 3 * ACCEPT)}`);
    // And each is said in the card's thread.
    expect(s.fake.channel('C0DELIVERY', card.ts).map((m) => m.text)).toEqual(
      expect.arrayContaining([
        'Escalated to Priya Shah.',
        'Escalated to Sales.',
        'Escalated to Olivia Grant.',
      ]),
    );

    // The audit says which step reached whom.
    const audit = (await s.t.store.history('cus_acme', { limit: 100 })).flatMap((e) =>
      e.kind === 'audit' && e.entry.action === 'handoff.escalated' ? [e.entry.details] : [],
    );
    expect(audit.map((d) => [d?.step, d?.to])).toEqual([
      ['150%', 'priya'],
      ['200%', 'team:sales'],
      ['300%', 'olivia'],
    ]);

    // The customer's dashboard page lists the steps on the handoff's row.
    const page = await (await get(s.t, '/dashboard/customers/cus_acme', await signIn(s.t, 'dana'))).text();
    expect(page).toContain('<th scope="col">Escalated</th>');
    expect(page).toMatch(/Priya Shah \([^)]+\)<br>Sales channel \([^)]+\)<br>Olivia Grant \([^)]+\)/);

    // Nothing is sent twice: a day later each was told once.
    await s.pass(24 * HOUR);
    expect(escalationsIn(s, 'DU0PRIYA')).toHaveLength(1);
    expect(escalationsIn(s, 'C0SALES')).toHaveLength(1);
    expect(escalationsIn(s, 'DU0OLIVIA')).toHaveLength(1);
  });

  it('stops climbing once someone accepts', async () => {
    await start([
      { at: '150%', to: 'lead' },
      { at: '300%', to: 'head-of-cx' },
    ]);
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp: Sales → Delivery');
    await s.pass(1.5 * ACCEPT);
    expect(escalationsIn(s, 'DU0PRIYA')).toHaveLength(1);
    const accepted = await s.slack.click(card, 'baton:accept', 'U0TOM');
    expect(accepted.res.status).toBe(200);
    await s.pass(2 * ACCEPT);
    expect(escalationsIn(s, 'DU0OLIVIA')).toHaveLength(0);
    expect(textOf(card)).toContain('Escalated to Priya Shah');
    expect(textOf(card)).not.toContain('Olivia');
  });

  it('plans the old single percentage with the ids it always had', async () => {
    await start('150%');
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    const [h] = await s.t.store.listHandoffs({ customerId: 'cus_acme' });
    if (!h) throw new Error('no handoff');
    const ids = (await s.t.store.listFollowUps({ handoffId: h.id })).map((f) => f.id).sort();
    // The ids written before ladders existed, spelled out: a store planned then keeps working.
    expect(ids).toEqual(
      [
        `${h.id}:r1:accept:50%`,
        `${h.id}:r1:accept:esc-150%`,
        `${h.id}:r1:firstContact:50%`,
        `${h.id}:r1:firstContact:esc-150%`,
      ].sort(),
    );
  });
});

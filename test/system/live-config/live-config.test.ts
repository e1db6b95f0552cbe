import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/log.js';
import { handoffVia, messageIn, textOf } from '../../adapters/slack/helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from '../../adapters/slack/setup.js';
import { tempDir } from '../../support/harness.js';
import { copyExample, editPlaybook, readyz, until } from './support.js';

const HOUR = 3_600_000;
const MIN = 60_000;
/** Monday 2026-11-23 15:00 UTC, the harness's start: 15:00 in London, where Delivery works 09:00-17:30 (GMT). */
const MONDAY_1500 = Date.parse('2026-11-23T15:00:00Z');

/** The instant a card says its handoff must be accepted by (Slack's date token carries it in seconds). */
function acceptBy(card: string): number {
  const m = /Accept by\*\n<!date\^(\d+)\^/.exec(card);
  if (!m?.[1]) throw new Error(`no accept-by time on the card:\n${card}`);
  return Number(m[1]) * 1000;
}

describe('live config: the playbooks change while Baton runs', () => {
  let s: SlackTest;
  let files: { config: string; handoffs: string };
  let cleanup: () => Promise<void>;
  let logged: Array<{ level: string; obj: Record<string, unknown>; msg: string }>;

  beforeEach(async () => {
    logged = [];
    const log: Logger = {
      info: (obj, msg = '') => logged.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
      warn: (obj, msg = '') => logged.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
      error: (obj, msg = '') => logged.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
      debug: () => {},
      child: () => log,
    };
    const tmp = await tempDir('baton-live-');
    cleanup = tmp.cleanup;
    files = await copyExample(tmp.dir);
    await editPlaybook(files.handoffs, 'sales-to-delivery', (pb) => {
      pb.sla = { accept: 'PT1H', firstContact: 'P2D' };
      pb.nudges = ['50%', '100%'];
      pb.escalate = '150%';
    });
    s = await startSlackTest({
      env: { BATON_CONFIG: files.config, BATON_HANDOFFS: files.handoffs, BATON_CONFIG_POLL_MS: '200' },
      log,
    });
    await seedCustomers(s.t.store, [
      aCustomer(),
      aCustomer({ id: 'cus_globex', name: 'Globex', aliases: [] }),
    ]);
  });
  afterEach(async () => {
    await s.stop();
    await cleanup();
  });

  /** Waits until /readyz names another config than `before`, and returns what it says now. */
  const nextConfig = (before: string) =>
    until('the change to be picked up', async () => {
      const r = await readyz(s.t.url);
      const detail = r.body.checks.config?.detail ?? '';
      return detail !== before ? r : undefined;
    });

  it('new handoffs get the new SLA, open ones keep the one they started with', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const acme = messageIn(s, 'C0DELIVERY', 'Acme Corp');
    // 15:00 + 1 h, within Delivery's day.
    expect(acceptBy(textOf(acme))).toBe(MONDAY_1500 + HOUR);

    const before = (await readyz(s.t.url)).body.checks.config?.detail ?? '';
    expect(before).toContain('watched');
    await editPlaybook(files.handoffs, 'sales-to-delivery', (pb) => {
      pb.sla = { accept: 'PT2H', firstContact: 'P1D' };
      pb.nudges = ['25%', '100%'];
      pb.escalate = '200%';
    });
    const after = await nextConfig(before);
    expect(after.status).toBe(200);
    expect(after.body.warnings ?? []).toEqual([]);

    await handoffVia(s, 'U0DANA', 'Globex to delivery');
    await s.pass();
    const globex = messageIn(s, 'C0DELIVERY', 'Globex');
    // 15:00 + 2 h: the new playbook's accept time.
    expect(acceptBy(textOf(globex))).toBe(MONDAY_1500 + 2 * HOUR);

    // Accepting re-plans the follow-ups: each handoff with its own terms.
    const tom = await s.slack.click(acme, 'baton:accept', 'U0TOM');
    // P2D of Delivery's business time from Monday 15:00: Wednesday 15:00.
    expect((await s.slack.answer(tom.responseId)).text).toBe(
      'You now own Acme Corp. Log the first contact by Nov 25, 2026, 3:00 PM GMT.',
    );
    const priya = await s.slack.click(globex, 'baton:accept', 'U0PRIYA');
    // P1D from Monday 15:00: Tuesday 15:00.
    expect((await s.slack.answer(priya.responseId)).text).toBe(
      'You now own Globex. Log the first contact by Nov 24, 2026, 3:00 PM GMT.',
    );

    // Acme's 50% nudge (its own nudges; the playbook now says 25%) falls at Tuesday 15:00. Planned
    // from the playbook as it is now, the accept would have cancelled it (checked by hand: without
    // the snapshot Tom gets no reminder here).
    await s.pass(24 * HOUR - MIN); // Tue 14:59
    const reminders = (user: string) =>
      s.fake.channel(`D${user}`).filter((m) => textOf(m).includes('Reminder'));
    expect(reminders('U0TOM')).toHaveLength(0);
    // Globex's 25% nudge came on Monday at 17:07:30 (a quarter of its 8.5 business hours).
    expect(reminders('U0PRIYA').filter((m) => textOf(m).includes('Globex'))).toHaveLength(1);
    await s.pass(MIN); // Tue 15:00
    const tomGot = reminders('U0TOM');
    expect(tomGot).toHaveLength(1);
    expect(textOf(tomGot[0])).toContain('Reminder: Acme Corp');
  });

  it('a broken playbook is refused as a whole: Baton runs on, /readyz and the admins say why; fixed, all is well again', async () => {
    const good = (await readyz(s.t.url)).body.checks.config?.detail ?? '';
    await editPlaybook(files.handoffs, 'sales-to-delivery', (pb) => {
      pb.sla = { accept: 'soon', firstContact: 'P2D' };
    });
    // Another playbook changed in the same save is refused with it.
    await editPlaybook(files.handoffs, 'delivery-to-care', (pb) => {
      pb.nudges = ['10%'];
    });
    const broken = await nextConfig(good);
    expect(broken.status).toBe(200);
    const detail = broken.body.checks.config?.detail ?? '';
    expect(detail).toContain('refused');
    expect(detail).toContain('sales-to-delivery.yaml: sla.accept');
    expect(broken.body.warnings?.some((w) => w.includes('sales-to-delivery.yaml: sla.accept'))).toBe(true);
    const metrics = async () => (await fetch(`${s.t.url}/metrics`)).text();
    expect(await metrics()).toMatch(/^baton_config_refused 1$/m);
    // The log names the file and the field.
    const refusedLine = logged.find((l) => l.level === 'error' && l.msg.includes('config change refused'));
    expect(refusedLine?.obj.file).toBe(path.join(files.handoffs, 'sales-to-delivery.yaml'));
    expect(refusedLine?.obj.field).toBe('sla.accept');

    // Baton keeps working on the last good config: the 1 h accept time.
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    expect(acceptBy(textOf(messageIn(s, 'C0DELIVERY', 'Acme Corp')))).toBe(MONDAY_1500 + HOUR);

    // The admin (Dana) is told once, however often the files are looked at again.
    for (let i = 0; i < 3; i++) await s.t.baton.liveConfig.check();
    await s.pass();
    const told = () => s.fake.channel('DU0DANA').filter((m) => textOf(m).includes('refused'));
    expect(told()).toHaveLength(1);
    expect(textOf(told()[0])).toContain('sales-to-delivery.yaml: sla.accept');
    expect(textOf(told()[0])).toContain('keeps running on the last good config');

    // Control: another problem is news, so the once-only above is not a DM that never repeats.
    await editPlaybook(files.handoffs, 'sales-to-delivery', (pb) => {
      pb.escalate = 'lots';
    });
    const worse = await nextConfig(detail);
    const worseDetail = worse.body.checks.config?.detail ?? '';
    expect(worseDetail).toContain('sales-to-delivery.yaml: escalate');
    await s.pass();
    expect(told()).toHaveLength(2);
    expect(textOf(told()[1])).toContain('sales-to-delivery.yaml: escalate');

    await editPlaybook(files.handoffs, 'sales-to-delivery', (pb) => {
      pb.sla = { accept: 'PT2H', firstContact: 'P2D' };
      pb.escalate = '150%';
    });
    const fixed = await nextConfig(worseDetail);
    expect(fixed.body.checks.config?.detail).not.toContain('refused');
    expect(fixed.body.warnings ?? []).toEqual([]);
    expect(await metrics()).toMatch(/^baton_config_refused 0$/m);
    await handoffVia(s, 'U0DANA', 'Globex to delivery');
    await s.pass();
    expect(acceptBy(textOf(messageIn(s, 'C0DELIVERY', 'Globex')))).toBe(MONDAY_1500 + 2 * HOUR);
    expect(told()).toHaveLength(2);

    // The audit says what changed, from the last good config, by nobody known.
    const audit = await s.t.store.scanAudit({ actions: ['config.changed'], limit: 10 });
    expect(audit.entries).toHaveLength(1);
    const entry = audit.entries[0];
    expect(entry?.actor).toBe('system');
    const changed = (
      entry?.details?.playbooks as { changed: Array<{ id: string; sla: unknown }> } | undefined
    )?.changed;
    expect(changed).toEqual([
      { id: 'delivery-to-care', sla: expect.anything(), terms: expect.anything() },
      {
        id: 'sales-to-delivery',
        sla: {
          before: { accept: 'PT1H', firstContact: 'P2D' },
          after: { accept: 'PT2H', firstContact: 'P2D' },
        },
      },
    ]);
  });

  it('a playbook deleted while its handoffs are open leaves them working, on their own terms', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const acme = messageIn(s, 'C0DELIVERY', 'Acme Corp');
    const before = (await readyz(s.t.url)).body.checks.config?.detail ?? '';
    await rm(path.join(files.handoffs, 'sales-to-delivery.yaml'));
    const after = await nextConfig(before);
    expect(after.body.checks.config?.detail).not.toContain('refused');

    const tom = await s.slack.click(acme, 'baton:accept', 'U0TOM');
    expect((await s.slack.answer(tom.responseId)).text).toBe(
      'You now own Acme Corp. Log the first contact by Nov 25, 2026, 3:00 PM GMT.',
    );
    await s.pass();
    expect(textOf(acme)).toContain('Accepted by Tom Becker');
    await s.pass(24 * HOUR); // Tue 15:00: the 50% nudge of the first contact's two days
    expect(s.fake.channel('DU0TOM').filter((m) => textOf(m).includes('Reminder: Acme Corp'))).toHaveLength(1);

    const audit = await s.t.store.scanAudit({ actions: ['config.changed'], limit: 10 });
    expect(
      audit.entries.map((e) => (e.details?.playbooks as { removed: string[] } | undefined)?.removed),
    ).toEqual([['sales-to-delivery']]);
  });
});

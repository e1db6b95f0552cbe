import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO, startTestBaton, type TestBaton, tempDir } from '../support/harness.js';
import { recordingPlatform } from '../support/recording-notifier.js';
import { aCustomer, seedCustomers } from '../support/seed.js';

const FIXTURE = path.join(REPO, 'test/fixtures/routing');

/**
 * A new handoff whose playbook asks the team's lead (`assign: lead`) while
 * the lead is away: it goes to who stands in, as the card sent says.
 */
describe('assign: lead while the lead is away', () => {
  let t: TestBaton;
  let chat: ReturnType<typeof recordingPlatform>;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const tmp = await tempDir();
    cleanup = tmp.cleanup;
    const handoffs = path.join(tmp.dir, 'handoffs');
    await cp(path.join(FIXTURE, 'handoffs'), handoffs, { recursive: true });
    await writeFile(
      path.join(handoffs, 'sales-to-support.yaml'),
      'from: sales\nto: support\ncontext:\n  required: [summary]\nassign: lead\nsla:\n  accept: PT4H\n',
    );
    chat = recordingPlatform('slack');
    t = await startTestBaton({
      adapters: async () => [chat.adapter],
      env: { BATON_CONFIG: path.join(FIXTURE, 'baton.config.yaml'), BATON_HANDOFFS: handoffs },
    });
  });
  afterEach(async () => {
    await t.stop();
    await cleanup();
  });

  async function handOver(id: string) {
    await seedCustomers(t.store, aCustomer(id, id.toUpperCase(), 'sales'));
    const r = await t.baton.services.startHandoff({
      actor: 'sam',
      customer: { id },
      to: { team: 'support' },
      context: { summary: 'Signed' },
      source: { kind: 'person' },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.failure));
    await t.advance(0);
    const cards = chat
      .toTeam('support')
      .flatMap((s) => (s.item.rendered.kind === 'card' ? [s.item.rendered.card] : []));
    return { handoff: r.value.handoff, card: cards.at(-1) };
  }

  it('goes to the lead when present, to the lead’s backup while away, to the team when nobody stands in', async () => {
    expect((await handOver('c1')).handoff.assignee).toBe('max');

    const away = await t.baton.services.setAway({ actor: 'max', until: '2026-11-30', backup: 'lee' });
    expect(away.ok).toBe(true);
    const withBackup = await handOver('c2');
    expect(withBackup.handoff.assignee).toBe('lee');
    expect(withBackup.card?.status.text).toContain('Lee Park');
    const opened = (await t.store.history('c2')).find(
      (e) => e.kind === 'audit' && e.entry.action === 'handoff.opened',
    );
    expect(opened?.kind === 'audit' && opened.entry.details).toMatchObject({ standingInFor: 'max' });

    // No backup: the lead is their own team's lead, so nobody is left; the team claims it.
    expect((await t.baton.services.setAway({ actor: 'max', until: '2026-11-30' })).ok).toBe(true);
    const nobody = await handOver('c3');
    expect(nobody.handoff.assignee).toBeUndefined();
    expect(nobody.card?.status.text).not.toContain('Max Weber');

    expect((await t.baton.services.endAway({ actor: 'max' })).ok).toBe(true);
    expect((await handOver('c4')).handoff.assignee).toBe('max');
  });
});

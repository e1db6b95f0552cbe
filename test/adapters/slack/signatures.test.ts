import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handoffVia, messageIn } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { fixture, sign } from './slack-client.js';

describe('Slack: request signatures', () => {
  let s: SlackTest;
  beforeEach(async () => {
    s = await startSlackTest();
    await seedCustomers(s.t.store, [aCustomer()]);
  });
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  const commandBody = (text: string) =>
    new URLSearchParams({
      ...fixture<Record<string, string>>('slash-command.json'),
      text,
      response_url: s.fake.responseUrl('forged'),
      trigger_id: 'trigger.forged',
    }).toString();
  const form = 'application/x-www-form-urlencoded';

  it('refuses forged, stale, missing and tampered signatures with 401 and does nothing', async () => {
    const body = commandBody('Acme Corp to delivery');
    const now = Math.floor(Date.now() / 1000);
    const forged = await s.slack.post(body, form, { secret: 'not-the-secret' });
    const stale = await s.slack.post(body, form, { timestamp: now - 6 * 60 });
    const missing = await s.slack.post(body, form, { signature: '' });
    const tampered = await s.slack.post(body, form, {
      signature: sign(s.slack.secret, String(now), commandBody('x')),
    });
    expect([forged.status, stale.status, missing.status, tampered.status]).toEqual([401, 401, 401, 401]);
    await new Promise((r) => setTimeout(r, 200));
    expect(s.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);

    // The same request signed properly opens the form: the refusals were the signature's doing.
    const good = await s.slack.post(body, form);
    expect(good.status).toBe(200);
    await s.fake.waitFor((c) => c.method === 'views.open' && c.args.trigger_id === 'trigger.forged');
  });

  it('a forged button press changes nothing', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp');
    const [h] = await s.t.store.listHandoffs({ customerId: 'cus_acme' });
    const payload = {
      ...fixture('block-actions.json'),
      actions: [
        { action_id: 'baton:accept', block_id: 'baton:0:x', type: 'button', value: `${h?.id}:${h?.version}` },
      ],
      response_url: s.fake.responseUrl('forged-click'),
      message: { type: 'message', ts: card.ts },
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const res = await s.slack.post(body, form, { secret: 'forged' });
    expect(res.status).toBe(401);
    await s.pass();
    const after = await s.t.store.getHandoff(h?.id ?? '');
    expect(after?.state).toBe('open');
    expect(after?.version).toBe(h?.version);
    expect(s.fake.callsOf('response_url').filter((c) => c.args.id === 'forged-click')).toEqual([]);
  });

  it("answers Slack's URL verification challenge when signed", async () => {
    const body = JSON.stringify({ token: 't', challenge: 'chal-123', type: 'url_verification' });
    expect((await s.slack.post(body, 'application/json', { secret: 'forged' })).status).toBe(401);
    const res = await s.slack.post(body, 'application/json');
    expect(res.status).toBe(200);
    expect(res.json?.challenge).toBe('chal-123');
  });

  it('a malformed payload gets 400; a signed click with a garbage value gets help, never an error', async () => {
    const broken = await s.slack.post('payload=%7Bnot-json', form);
    expect(broken.status).toBe(400);
    const payload = {
      ...fixture('block-actions.json'),
      actions: [
        { action_id: 'baton:accept', block_id: 'baton:0:x', type: 'button', value: '../../etc/passwd' },
      ],
      response_url: s.fake.responseUrl('garbage'),
    };
    const res = await s.slack.post(`payload=${encodeURIComponent(JSON.stringify(payload))}`, form);
    expect(res.status).toBe(200);
    const answer = await s.slack.answer('garbage');
    expect(String(answer.text)).toContain('/cx help');
  });
});

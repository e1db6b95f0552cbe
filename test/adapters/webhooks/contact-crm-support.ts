import { expect } from 'vitest';
import type { Handoff } from '../../../src/domain/types.js';
import { postEvent, type WebhookBaton } from './support.js';

/** A purchase known by its HubSpot company (77): Acme's Delivery handoff opens, waiting for its first contact. */
export async function openAcmeHandoff(t: WebhookBaton): Promise<Handoff> {
  const r = await postEvent(t, {
    id: 'evt_buy_acme',
    type: 'purchase.completed',
    customer: {
      id: '77',
      system: 'hubspot',
      name: 'Acme Corp',
      domain: 'acme.example',
      contacts: [{ name: 'Min-jun Kim', email: 'mj@acme.example', role: 'sponsor' }],
    },
    owner: 'dana',
    context: { summary: 'Annual plan, 40 seats', goLiveDate: '2027-01-15' },
  });
  expect(r.status).toBe(202);
  await t.advance(1_000);
  const [h] = await t.store.listHandoffs({});
  expect(h).toMatchObject({ state: 'open', to: 'delivery' });
  if (!h) throw new Error('no handoff');
  return h;
}

/** Reminders sent so far (nudges and escalations), by recipient. */
export function reminders(t: WebhookBaton) {
  return t.notifier.sent.filter((s) => s.delivery.message.type === 'reminder');
}

/** Moves well past the accept and first-contact nudges (Delivery works 09:00–17:30 London). */
export async function pastTheNudges(t: WebhookBaton) {
  for (let i = 0; i < 8; i++) await t.advance(6 * 3_600_000);
}

/** What the card's thread was told, in words. */
export function notes(t: WebhookBaton): string[] {
  return t.notifier.sent.flatMap((s) =>
    s.delivery.message.type === 'note' && s.rendered.kind === 'text' ? [s.rendered.text] : [],
  );
}

export async function touchpoints(t: WebhookBaton, customerId: string) {
  return (await t.store.history(customerId)).flatMap((h) => (h.kind === 'touchpoint' ? [h.entry] : []));
}

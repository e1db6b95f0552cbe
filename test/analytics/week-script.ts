import { expect } from 'vitest';
import type { JourneyFact } from '../../src/analytics/fact.js';
import type { Handoff } from '../../src/domain/types.js';
import { postEvent, purchaseEvent } from '../adapters/webhooks/support.js';
import type { TestBaton } from '../support/harness.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../support/seed.js';

/*
 * One scripted week through the real services, the signed webhook and the
 * scheduler, on a fake clock starting Monday 2026-11-23 09:59 UTC. The
 * receiving team is Delivery: London, 09:00–17:30 Monday to Friday, and
 * London is on UTC in November, so every business duration is counted by
 * hand on the UTC times the script drives. The sales → delivery playbook:
 * accept within PT4H, first contact within P2D (two working days, same
 * wall-clock time), escalation to the lead at 150% and the head of CX at 300%.
 */

const MIN = 60_000;
export const HOUR = 60 * MIN;
const at = (iso: string) => Date.parse(iso);

/** Moves the fake clock to `iso`, running one scheduler pass there (due reminders, webhook events, outbox). */
async function until(t: TestBaton, iso: string) {
  const ms = at(iso) - t.clock.now().getTime();
  if (ms < 0) throw new Error(`the script went back in time to ${iso}`);
  await t.advance(ms);
}

function must<T>(r: { ok: true; value: T } | { ok: false; failure: unknown }): T {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.failure)}`);
  return r.value;
}

async function handoffOf(t: TestBaton, id: string): Promise<Handoff> {
  const h = await t.store.getHandoff(id);
  if (!h) throw new Error(`no handoff ${id}`);
  return h;
}

/** The other member of delivery: whoever was not asked first. */
const other = (person: string | undefined) => (person === 'tom' ? 'priya' : 'tom');

/** Runs the week; returns the handoff ids (webhook, declined-and-reassigned, escalated). */
export async function script(t: TestBaton): Promise<{ h1: string; h2: string; h3: string }> {
  const { services } = t.baton;
  // Bolt bought on Friday 2026-11-20 12:00 UTC; Cyan has no purchase yet.
  await seedCustomers(
    t.store,
    aCustomer('cus_bolt', 'Bolt', 'sales', { language: 'en-GB', purchasedAt: '2026-11-20T12:00:00.000Z' }),
    aCustomer('cus_cyan', 'Cyan', 'sales'),
  );

  // H1: the CRM says Acme (Korean) bought, Monday 10:00; the next tick opens the handoff.
  expect((await postEvent(t, purchaseEvent({ occurredAt: '2026-11-23T10:00:00Z' }))).status).toBe(202);
  await until(t, '2026-11-23T10:00:00Z');
  const acme = await t.store.findCustomerByExternalId('crm', 'crm-42');
  const h1 = (await t.store.listHandoffs({ customerId: acme?.id ?? '-' }))[0];
  if (!h1) throw new Error('the webhook opened no handoff');

  // H2: Sam hands Bolt over at 11:00; it is declined at 12:00 and sent again at 12:30.
  await until(t, '2026-11-23T11:00:00Z');
  const h2 = must(
    await services.startHandoff({
      actor: 'sam',
      customer: { id: 'cus_bolt' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'person' },
    }),
  ).handoff;
  await until(t, '2026-11-23T12:00:00Z');
  must(
    await services.decline({ handoffId: h2.id, actor: h2.assignee ?? 'tom', reason: 'missing go-live date' }),
  );
  await until(t, '2026-11-23T12:30:00Z');
  must(await services.resend({ handoffId: h2.id, actor: 'sam' }));

  // H1 is accepted at 13:00: 3 business hours after 10:00, within its 4 hours.
  await until(t, '2026-11-23T13:00:00Z');
  must(await services.accept({ handoffId: h1.id, actor: (await handoffOf(t, h1.id)).assignee ?? 'tom' }));

  // H2: Priya, the lead, gives it to the other member at 13:30.
  await until(t, '2026-11-23T13:30:00Z');
  const asked = (await handoffOf(t, h2.id)).assignee;
  must(await services.reassign({ handoffId: h2.id, actor: 'priya', to: other(asked) }));

  // H3: Sam hands Cyan over at 14:00; nobody accepts it.
  await until(t, '2026-11-23T14:00:00Z');
  const h3 = must(
    await services.startHandoff({
      actor: 'sam',
      customer: { id: 'cus_cyan' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'person' },
    }),
  ).handoff;

  // Tuesday. H2 is accepted at 09:30: its resend's 4 hours ran out Monday 16:30 (late).
  await until(t, '2026-11-24T09:30:00Z');
  must(await services.accept({ handoffId: h2.id, actor: other(asked) }));
  // H1's first contact at 11:00.
  await until(t, '2026-11-24T11:00:00Z');
  must(
    await services.logHandoffContact({
      handoffId: h1.id,
      actor: (await handoffOf(t, h1.id)).owner ?? 'tom',
      channel: 'call',
    }),
  );
  // H3's accept escalation is due at 150% of 4 business hours from Monday 14:00: Tuesday 11:30
  // (its second step, at 300%, falls due at Tuesday 17:30, on the way to Wednesday).
  await until(t, '2026-11-24T11:29:00Z');
  await until(t, '2026-11-24T11:31:00Z');
  await until(t, '2026-11-24T12:00:00Z');

  // Wednesday 10:00: H2's first contact, an hour before its deadline (Monday 11:00 + two working days).
  await until(t, '2026-11-25T10:00:00Z');
  must(await services.logHandoffContact({ handoffId: h2.id, actor: other(asked), channel: 'email' }));
  // Past H3's first-contact deadline (Wednesday 14:00), before its contact escalation (Thursday).
  await until(t, '2026-11-25T15:00:00Z');
  return { h1: h1.id, h2: h2.id, h3: h3.id };
}

/** A fact without the ids a run generates, so two runs can be compared. */
export function comparable(facts: JourneyFact[], ids: { h1: string; h2: string; h3: string }) {
  const name = new Map([
    [ids.h1, 'H1'],
    [ids.h2, 'H2'],
    [ids.h3, 'H3'],
  ]);
  return facts
    .map(({ handoffId, customerId: _customer, ...rest }) => ({
      handoff: name.get(handoffId) ?? handoffId,
      ...rest,
    }))
    .sort((a, b) => a.handoff.localeCompare(b.handoff));
}

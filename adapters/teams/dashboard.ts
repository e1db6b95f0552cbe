import type { Activity } from 'botbuilder';
import { t } from '../../src/i18n/translate.js';
import { newDelivery } from '../../src/services/deliveries.js';
import { dashboardLinkView } from '../../src/views/dashboard-link.js';
import type { Place } from './activity.js';
import { textActivity, viewActivity } from './render.js';
import { type Caller, failureText, type TeamsRuntime, unknownUserText } from './runtime.js';

/**
 * `dashboard`: a one-time link to the web dashboard, only ever where the
 * person alone reads it. In a 1:1 chat it is the answer; asked in a channel
 * or group chat, the link goes to the person's 1:1 chat (opened as the outbox
 * opens one for a reminder) and the channel hears only that it was sent.
 */
export async function dashboardCommand(
  rt: TeamsRuntime,
  caller: Caller,
  place: Place,
): Promise<Partial<Activity>> {
  if (!caller.person) return textActivity(unknownUserText(rt, caller));
  const r = await rt.services.requestDashboardLink(caller.person);
  if (!r.ok) return textActivity(failureText(rt, caller, r.failure));
  const view = dashboardLinkView(caller.locale, r.value.url);
  const reader = `person:${caller.person}`;
  if (place === 'personal') return viewActivity(rt, view, reader);
  const now = rt.services.deps.clock.now().toISOString();
  // Sent now, not queued: the outbox keeps what it sends, and a sign-in link must not be kept.
  // A delivery only as the notifier's envelope (never stored): its id from the id generator, so two links never share one.
  const { deps } = rt.services;
  const ctx = { dir: deps.dir, ids: deps.ids, now, platforms: ['teams'] };
  const key = `dashboard-link:${caller.person}:${now}`;
  const target = { kind: 'person' as const, person: caller.person };
  const delivery = newDelivery(ctx, key, 'teams', target, { type: 'text', text: '' });
  const sent = await rt.notifier.send({ delivery, rendered: { kind: 'view', view } });
  if (!sent.ok) {
    rt.log.warn(
      { person: caller.person, error: sent.error },
      'could not send a dashboard link to a 1:1 chat',
    );
    return textActivity(t(caller.locale, 'reply.INTERNAL'));
  }
  return textActivity(t(caller.locale, 'dashboard.sentPrivately'));
}

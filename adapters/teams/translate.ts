import type { View } from '../../src/cards/model.js';
import { t } from '../../src/i18n/translate.js';
import { newDelivery } from '../../src/services/deliveries.js';
import type { Result } from '../../src/services/deps.js';
import { type InvokeAnswer, messageAnswer } from './answers.js';
import { type Caller, failureText, type TeamsRuntime } from './runtime.js';

/** Past this the invoke is answered and the translation follows on its own (Teams gives an invoke 5 s). */
const ANSWER_WITHIN_MS = 3_000;

/**
 * The Translate button. What people wrote is for the person who pressed it
 * alone, wherever the card sits: the translation goes to their 1:1 chat with
 * Baton (opened as the outbox opens one for a reminder), sent now and not
 * queued, so it is not kept. The invoke is answered with a line saying so;
 * a refusal (not theirs to read, translation off) is that line instead.
 */
export async function translateInvoke(
  rt: TeamsRuntime,
  caller: Caller & { person: string },
  data: Record<string, unknown>,
): Promise<InvokeAnswer> {
  const value = typeof data.v === 'string' ? data.v : '';
  const work = rt.services.translate({ value, reader: caller.person });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ANSWER_WITHIN_MS);
  });
  const first = await Promise.race([work, late]).finally(() => clearTimeout(timer));
  if (first !== 'late' && !first.ok) return messageAnswer(failureText(rt, caller, first.failure));
  const send = async (r: Result<View>) => {
    if (!r.ok) return sendPrivately(rt, caller, { kind: 'text', text: failureText(rt, caller, r.failure) });
    return sendPrivately(rt, caller, { kind: 'view', view: r.value });
  };
  const sending = first === 'late' ? work.then(send) : send(first);
  sending.catch((err) => rt.log.error({ err, person: caller.person }, 'could not send a translation'));
  return messageAnswer(t(caller.locale, 'translate.sentPrivately'));
}

async function sendPrivately(
  rt: TeamsRuntime,
  caller: Caller & { person: string },
  what: { kind: 'view'; view: View } | { kind: 'text'; text: string },
): Promise<void> {
  const { deps } = rt.services;
  const now = deps.clock.now().toISOString();
  // A delivery only as the notifier's envelope (never stored), as for the dashboard link.
  const ctx = { dir: deps.dir, ids: deps.ids, now, platforms: ['teams'] };
  const target = { kind: 'person' as const, person: caller.person };
  const delivery = newDelivery(ctx, `translation:${caller.person}:${now}`, 'teams', target, {
    type: 'text',
    text: '',
  });
  const rendered = what.kind === 'view' ? what : { ...what, locale: caller.locale };
  const sent = await rt.notifier.send({ delivery, rendered });
  if (!sent.ok)
    rt.log.warn({ person: caller.person, error: sent.error }, 'could not send a translation to a 1:1 chat');
}

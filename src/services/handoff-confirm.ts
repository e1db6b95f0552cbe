import { cancelAll } from '../domain/followups.js';
import { subjectOf } from '../domain/segment-match.js';
import type { Handoff, HandoffContext } from '../domain/types.js';
import type { ChangeSet } from '../store/store.js';
import { handoffAudit } from './audit.js';
import { mergeContext, missingFields } from './context-fields.js';
import { cardPosts, cardUpdates } from './deliveries.js';
import { fail, noPlaybook, ok, type Result } from './deps.js';
import { type ActionDeps, type ActionInput, type BuildContext, mutateHandoff } from './mutate.js';
import { fallbackDetail, languageNotices, openHandoff, standInDetail } from './open-handoff.js';

export interface SendInput extends ActionInput {
  context?: HandoffContext;
  note?: string;
}

/** A proposed handoff (a phrase, an event) becomes real only when a person confirms it. */
export function confirm(deps: ActionDeps, input: SendInput): Promise<Result<Handoff>> {
  return mutateHandoff(deps, input, 'confirm', (h, ctx) => send(deps, h, input, ctx, 'handoff.opened'));
}

/** After a decline, the sender fixes the context and sends again: a new round with fresh SLAs. */
export function resend(deps: ActionDeps, input: SendInput): Promise<Result<Handoff>> {
  return mutateHandoff(deps, input, 'resend', (h, ctx) =>
    send(deps, { ...h, round: h.round + 1 }, input, ctx, 'handoff.resent'),
  );
}

async function send(
  deps: ActionDeps,
  h: Handoff,
  input: SendInput,
  ctx: BuildContext,
  action: 'handoff.opened' | 'handoff.resent',
) {
  const context = mergeContext(h.context, input.context ?? {});
  const customer = await deps.store.getCustomer(h.customerId);
  // Sent (again) under the customer's segment as it is now: the context may have
  // gained a deal value, the CRM a tier. One that fits no segment any more keeps its own.
  const was = deps.dir.playbook(h.playbook);
  const pb = (was && deps.dir.playbookFor(was.from, was.to, subjectOf(customer, context, h.source))) ?? was;
  if (!pb) return noPlaybook(deps.dir, h.from, h.to);
  const missing = missingFields(pb, context);
  if (missing.length > 0) return fail('MISSING_FIELDS', { fields: missing.join(', ') });
  const base: Handoff = {
    ...h,
    playbook: pb.id,
    context,
    ...(input.note ? { note: input.note } : {}),
    // The person who confirms is the one who hands over.
    sender: h.sender === 'system' ? input.actor : h.sender,
  };
  delete base.declineReason;
  const opened = await openHandoff(deps, base, undefined, ctx.now);
  const stored = await deps.store.getHandoff(h.id);
  const expectedVersion = stored?.version ?? h.version;
  const handoff: Handoff = { ...opened.handoff, updatedAt: ctx.at, version: expectedVersion + 1 };
  const refs = await deps.store.listCardRefs(h.id);
  const told = languageNotices(deps, ctx.dctx, input.actor, handoff, opened.language);
  const pending = await deps.store.listFollowUps({ handoffId: h.id });
  const change: ChangeSet = {
    handoffs: [{ value: handoff, expectedVersion }],
    followUps: [...cancelAll(pending, ctx.at, 'resent'), ...opened.followUps],
    kv: opened.kv,
    // Cards already in a channel are updated in place; a first send posts one, as does a
    // resend the customer's language took to another team or person than the cards went to.
    deliveries: [
      ...(refs.length > 0
        ? cardUpdates(ctx.dctx, handoff, refs, {
            event: action === 'handoff.resent' ? 'resent' : 'opened',
            actor: input.actor,
          })
        : []),
      ...(refs.length === 0 || handoff.to !== h.to || (opened.cardTo && opened.cardTo !== h.assignee)
        ? cardPosts(ctx.dctx, handoff, opened.cardTo)
        : []),
      ...told.deliveries,
    ],
    audit: [
      handoffAudit(deps.ids, ctx.at, input.actor, action, handoff, {
        // As a handoff opened at once records it: the timeline says whom it went to.
        from: handoff.from,
        to: handoff.to,
        playbook: handoff.playbook,
        ...fallbackDetail(opened.language),
        ...standInDetail(opened),
      }),
      ...told.audit,
    ],
  };
  if (pb.postPurchase) {
    if (customer) {
      const cadence = (await deps.store.listFollowUps({ customerId: customer.id })).filter(
        (f) => f.window === 'cadence',
      );
      change.followUps?.push(...cancelAll(cadence, ctx.at, 'handoff opened'));
      change.customers = [
        {
          value: {
            ...customer,
            postPurchase: true,
            purchasedAt: customer.purchasedAt ?? ctx.at,
            ...(handoff.contactDueAt ? { contactDueAt: handoff.contactDueAt } : {}),
            updatedAt: ctx.at,
            version: customer.version + 1,
          },
          expectedVersion: customer.version,
        },
      ];
    }
  }
  return ok({ handoff, change });
}

import { z } from 'zod';
import type { Contact, InboundEvent } from '../../src/domain/types.js';
import {
  associated,
  type CrmObject,
  ENGAGEMENT_KINDS,
  ENGAGEMENTS,
  type EngagementKind,
  engagementTime,
  type HubSpotApi,
} from './hubspot-api.js';
import { compact, type Signal } from './source.js';

/** What the poller stores for an engagement it found: the same id a webhook for it would have. */
export const polledSchema = z.object({
  engagement: z.enum(ENGAGEMENT_KINDS as [EngagementKind, ...EngagementKind[]]),
  objectId: z.string().regex(/^\d{1,30}$/),
});

/** The event id of an engagement, whichever way it arrived: a webhook and a poll of it count once. */
export const engagementEventId = (kind: EngagementKind, objectId: string) => `${kind}:${objectId}`;

/** A generic webhook event (`object.creation`) about a call, meeting, email or note. */
export function engagementOf(e: { subscriptionType: string; objectTypeId?: string | undefined }) {
  if (e.subscriptionType !== 'object.creation') return undefined;
  return ENGAGEMENT_KINDS.find((k) => ENGAGEMENTS[k].typeId === e.objectTypeId);
}

const CHANNEL: Record<EngagementKind, 'call' | 'meeting' | 'email'> = {
  call: 'call',
  meeting: 'meeting',
  email: 'email',
  // A note is what someone wrote down after talking to the customer; Baton has no channel of that name.
  note: 'call',
};

/** Why an engagement is not a contact with the customer, if it is not. */
function notAContact(kind: EngagementKind, p: Record<string, string | null>): string | undefined {
  if (kind === 'call' && /^(NO_ANSWER|BUSY|FAILED|CANCELED|MISSED)$/i.test(p.hs_call_status ?? ''))
    return `a call that did not reach anyone (${p.hs_call_status})`;
  if (kind === 'meeting' && /^(CANCELED|NO_SHOW|RESCHEDULED)$/i.test(p.hs_meeting_outcome ?? ''))
    return `a meeting that did not take place (${p.hs_meeting_outcome})`;
  if (kind === 'email' && /^INCOMING_EMAIL$/i.test(p.hs_email_direction ?? ''))
    return 'an email from the customer, not to them';
  return undefined;
}

/**
 * An engagement read back from the CRM, as a contact: who (the owner's
 * email), when (`hs_timestamp`), with whom (its company, deal and contacts).
 */
export async function engagementSignal(
  api: HubSpotApi,
  stored: InboundEvent,
  kind: EngagementKind,
  objectId: string,
  toContact: (c: CrmObject) => Contact | undefined,
): Promise<Signal | { skip: string }> {
  const eng = await api.engagement(kind, objectId);
  if (!eng) return { skip: `${kind} ${objectId} no longer exists` };
  const p = eng.properties;
  const why = notAContact(kind, p);
  if (why) return { skip: why };
  const companyId = associated(eng, 'companies')[0];
  const dealId = associated(eng, 'deals')[0];
  const people = (await api.contacts(associated(eng, 'contacts').slice(0, 10)))
    .map(toContact)
    .filter((c) => c !== undefined);
  if (!companyId && !dealId && !people.some((c) => c.email))
    return { skip: `${kind} ${objectId} is not associated with a company, deal or contact` };
  const ownerEmail = p.hubspot_owner_id ? await api.ownerEmail(p.hubspot_owner_id) : undefined;
  const title = ENGAGEMENTS[kind].title;
  const note = (title && p[title]?.trim().slice(0, 300)) || undefined;
  return {
    system: 'hubspot',
    eventId: stored.id,
    type: 'contact.logged',
    occurredAt: engagementTime(p) ?? stored.receivedAt,
    customer: {
      // The company first: customers Baton knows from HubSpot are known by it; a deal without one by the deal.
      externalIds: {
        ...(companyId ? { hubspot: companyId } : {}),
        ...(dealId ? { 'hubspot-deal': dealId } : {}),
      },
      contacts: people.filter((c) => c.email),
    },
    context: {},
    contact: compact({ channel: CHANNEL[kind], note, byEmail: ownerEmail, onlyWhenOwed: true }),
    headline: `${kind} logged`,
  };
}

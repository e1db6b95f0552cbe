import { z } from 'zod';
import type { ContactChannel, InboundEvent } from '../../src/domain/types.js';
import { compact, type Signal, SignalError } from './source.js';

const sfId = z.string().regex(/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/, 'a Salesforce id (15 or 18 characters)');
/** Account ids start with 001 in every org. */
const isAccountId = (id: string | null | undefined) => !!id && id.startsWith('001');

/**
 * The body a Flow on Task or Event sends when a call, email or meeting is
 * logged (README, Salesforce). Recognised by its `activity` key.
 */
export const activitySchema = z.object({
  eventId: z.string().trim().min(1).max(200).optional(),
  activity: z
    .object({
      type: z.enum(['task', 'event']),
      id: sfId,
      subject: z.string().max(300).nullish(),
      /** Task: CompletedDateTime (or ActivityDate, a date); Event: StartDateTime. */
      activityDate: z.union([z.iso.datetime({ offset: true }), z.iso.date()]),
      ownerEmail: z.email().nullish(),
      accountId: sfId.nullish(),
      /** The opportunity or account it is related to. */
      whatId: sfId.nullish(),
      whoId: sfId.nullish(),
      whoEmail: z.email().nullish(),
      /** Task: Call, Email, ListEmail, Task. */
      taskSubtype: z.string().max(40).nullish(),
      /** Task: Inbound, Outbound, Internal. */
      callType: z.string().max(40).nullish(),
      /** Event: Event. */
      eventSubtype: z.string().max(40).nullish(),
    })
    .refine((a) => a.accountId || isAccountId(a.whatId) || a.whoEmail, {
      message: 'give accountId (or an account as whatId) or whoEmail, so that Baton can find the customer',
      path: ['accountId'],
    }),
});
export type ActivityBody = z.infer<typeof activitySchema>;

export const isActivityBody = (json: unknown) =>
  typeof json === 'object' && json !== null && 'activity' in json;

/** A date without a time is the end of that day, or when Baton heard of it if earlier: the day it happened counts. */
function activityTime(date: string, receivedAt: string): string {
  if (date.length > 10) return new Date(date).toISOString();
  const end = `${date}T23:59:59.999Z`;
  return end < receivedAt ? end : receivedAt;
}

export function activitySignal(stored: InboundEvent): Signal | { skip: string } {
  const parsed = activitySchema.safeParse(stored.payload);
  if (!parsed.success) throw new SignalError('the stored Salesforce activity is not readable', false);
  const a = parsed.data.activity;
  if (a.type === 'task' && /^internal$/i.test(a.callType ?? '')) return { skip: 'an internal call' };
  if (a.type === 'task' && a.taskSubtype && !/^(call|email|listemail)$/i.test(a.taskSubtype))
    return { skip: `a ${a.taskSubtype} task is not a contact` };
  const channel: ContactChannel =
    a.type === 'event' ? 'meeting' : /email/i.test(a.taskSubtype ?? '') ? 'email' : 'call';
  const account = a.accountId ?? (isAccountId(a.whatId) ? a.whatId : undefined);
  return {
    system: 'salesforce',
    eventId: stored.id,
    type: 'contact.logged',
    occurredAt: activityTime(a.activityDate, stored.receivedAt),
    customer: {
      ...(account ? { externalIds: { salesforce: account } } : {}),
      ...(a.whoEmail ? { contacts: [{ name: a.whoEmail, email: a.whoEmail }] } : {}),
    },
    context: {},
    contact: compact({
      channel,
      note: a.subject?.trim() || undefined,
      byEmail: a.ownerEmail ?? undefined,
      onlyWhenOwed: true,
    }),
    headline: `${a.type} logged`,
  };
}

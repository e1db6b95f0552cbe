import FlatQueue from 'flatqueue';
import type { Baton } from '../../app/app.js';
import type { ContactChannel, Handoff, ReminderItem } from '../../src/domain/types.js';
import { addBusinessMs, nextWorkingInstant } from '../../src/time/business-time.js';
import { isWorkingTime } from '../../src/time/calendar.js';
import type { Sent } from '../../test/support/recording-notifier.js';
import type { SimEvent } from './oracle/oracle.js';
import { calendarOf, membersOf, type TeamKey, teamOf } from './org.js';
import type { Random } from './random.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** A working day of each team, to turn "a few days" into business time. */
const DAY: Record<TeamKey, number> = { sales: 8 * HOUR, delivery: 8.5 * HOUR, care: 9 * HOUR };
const CHANNELS: readonly ContactChannel[] = ['call', 'email', 'meeting', 'chat'];

/** How people behave; the defaults are the quarter the issue describes. */
export const BEHAVIOUR = {
  /** Chance the person asked notices the card in the channel before any reminder. */
  seesCard: 0.55,
  /** Chance a person lets their first reminder about an item pass without acting. */
  ignoresFirstNudge: 1 / 3,
  /** Chance a lead, escalated to, asks the owner to act rather than moving the work. */
  leadPingsOwner: 0.7,
  /** Chance the sender of a declined handoff does not send it again until reminded. */
  forgetsDecline: 0.3,
};

export interface SimContext {
  rnd: Random;
  clock: { now(): Date; set(at: number): void };
  baton(): Baton;
  /** The oracle's books: what people did, when. */
  books(e: SimEvent): void;
  holidays: Map<string, { start: number; end: number }>;
  leftAt: Map<string, number>;
  /** Chance the person asked declines a purchase handoff; the sender sends it again later. */
  declines: number;
  count(what: string): void;
}

interface Action {
  at: number;
  person: string;
  run: () => Promise<void>;
}

/**
 * The simulated people. They act only on what Baton shows them (a card in
 * their channel, a reminder, an escalation, a note that work was moved to
 * them) and on their own plans (the first call after accepting, regular
 * check-ins, the go-live), within their working hours, late as people are.
 */
export function createPeople(ctx: SimContext) {
  const queue = new FlatQueue<number>();
  const actions = new Map<number, Action>();
  let seq = 0;
  const nudged = new Set<string>();
  const epoch = new Map<string, number>();
  const s = () => ctx.baton().services;
  const store = () => ctx.baton().store;
  const now = () => ctx.clock.now().getTime();
  const later = (person: string, ms: number) =>
    addBusinessMs(calendarOf(teamOf(person)), new Date(now()), Math.max(MIN, Math.round(ms))).getTime();

  function at(person: string, when: number, run: () => Promise<void>): void {
    actions.set(++seq, { at: when, person, run });
    queue.push(seq, when);
  }

  const gone = (p: string, t: number) => (ctx.leftAt.get(p) ?? Number.POSITIVE_INFINITY) <= t;
  const onHoliday = (p: string, t: number) => {
    const h = ctx.holidays.get(p);
    return h !== undefined && h.start <= t && t < h.end;
  };
  const present = (p: string, t: number) => !gone(p, t) && !onHoliday(p, t);

  /** Runs what people meant to do up to `until`, each at its own instant. */
  async function runDue(until: number): Promise<void> {
    for (let t = queue.peekValue(); t !== undefined && t <= until; t = queue.peekValue()) {
      const id = queue.pop() as number;
      const a = actions.get(id);
      actions.delete(id);
      if (!a) continue;
      if (a.person !== 'system') {
        // Whatever someone meant to do while away is lost: reminders and escalations catch it.
        if (!present(a.person, a.at)) continue;
        const cal = calendarOf(teamOf(a.person));
        if (!isWorkingTime(cal, new Date(a.at))) {
          at(a.person, nextWorkingInstant(cal, new Date(a.at)).getTime() + ctx.rnd.exp(20 * MIN), a.run);
          continue;
        }
      }
      ctx.clock.set(Math.max(now(), a.at));
      await a.run();
    }
  }

  async function responsibleFor(customerId: string): Promise<string | undefined> {
    const waiting = (await store().listHandoffs({ customerId, states: ['open', 'accepted'] }))[0];
    if (waiting) return waiting.owner ?? waiting.assignee;
    return (await store().getCustomer(customerId))?.owner;
  }

  const liveHandoff = async (customerId: string): Promise<Handoff | undefined> =>
    (await store().listHandoffs({ customerId, states: ['open', 'accepted', 'contacted'] }))[0];

  /** Who a lead gives work to: someone present, with the least on their plate. */
  async function pickMember(team: TeamKey, except?: string): Promise<string | undefined> {
    let best: string | undefined;
    let bestLoad = Number.POSITIVE_INFINITY;
    for (const m of membersOf(team)) {
      if (m === except || !present(m, now())) continue;
      const load = (await store().listHandoffs({ owner: m })).length + ctx.rnd.next();
      if (load < bestLoad) [best, bestLoad] = [m, load];
    }
    return best;
  }

  async function accept(person: string, handoffId: string): Promise<void> {
    const h = await store().getHandoff(handoffId);
    if (h?.state !== 'open' || (h.assignee && h.assignee !== person)) return;
    if (h.playbook === 'sales-to-delivery' && ctx.rnd.chance(ctx.declines)) {
      const r = await s().decline({ handoffId, actor: person, reason: 'The go-live date is not realistic' });
      if (r.ok) {
        ctx.count('declines');
        ctx.books({ type: 'declined', customer: h.customerId, person, at: now() });
      }
      return;
    }
    const r = await s().accept({ handoffId, actor: person });
    if (!r.ok) return ctx.count(`refused:${r.failure.code}`);
    ctx.books({ type: 'accepted', customer: h.customerId, person, at: now() });
    // Their own plan for the first call: usually within the day, sometimes much later.
    at(person, later(person, ctx.rnd.logNormal(7 * HOUR, 0.9)), () => contactOnHandoff(person, handoffId));
  }

  async function contactOnHandoff(person: string, handoffId: string): Promise<void> {
    const h = await store().getHandoff(handoffId);
    if (!h || (h.state !== 'open' && h.state !== 'accepted') || (h.owner ?? h.assignee) !== person) return;
    const r = await s().logHandoffContact({ handoffId, actor: person, channel: ctx.rnd.pick(CHANNELS) });
    if (!r.ok) return ctx.count(`refused:${r.failure.code}`);
    ctx.books({ type: 'contacted', customer: h.customerId, person, at: now() });
    afterContact(person, h.customerId, h.to as TeamKey, true);
  }

  async function contactCustomer(person: string, customerId: string): Promise<void> {
    const c = await store().getCustomer(customerId);
    if (!c || c.erasedAt || !c.postPurchase) return;
    const r = await s().logCustomerContact({ customerId, actor: person, channel: ctx.rnd.pick(CHANNELS) });
    if (!r.ok) return ctx.count(`refused:${r.failure.code}`);
    ctx.books({ type: 'contacted', customer: customerId, person, at: now() });
    afterContact(person, customerId, r.value.customer.team as TeamKey, false);
  }

  /** The owner's next check-in; a delivery customer also goes live some weeks after the first call. */
  function afterContact(person: string, customerId: string, team: TeamKey, first: boolean): void {
    const mine = (epoch.get(customerId) ?? 0) + 1;
    epoch.set(customerId, mine);
    const gap = ctx.rnd.logNormal((team === 'delivery' ? 6 : 16) * DAY[team], 0.5);
    at(person, later(person, gap), async () => {
      if (epoch.get(customerId) !== mine) return;
      const owner = (await store().getCustomer(customerId))?.owner ?? person;
      await contactCustomer(owner, customerId);
    });
    if (first && team === 'delivery') {
      at(person, later(person, ctx.rnd.int(15, 35) * DAY.delivery), () => goLive(customerId));
    }
  }

  async function goLive(customerId: string): Promise<void> {
    const c = await store().getCustomer(customerId);
    if (!c || c.erasedAt || c.team !== 'delivery' || !c.owner) return;
    const owner = c.owner;
    if (!present(owner, now())) return at(owner, now() + 7 * 24 * HOUR, () => goLive(customerId));
    const h = await liveHandoff(customerId);
    if (h?.state === 'contacted') await s().complete({ handoffId: h.id, actor: owner });
    const r = await s().startHandoff({
      actor: owner,
      customer: { id: customerId },
      to: { team: 'care' },
      context: { summary: 'Live and trained', keyContact: c.contacts[0]?.name ?? 'the sponsor' },
      source: { kind: 'person' },
    });
    if (!r.ok) return ctx.count(`refused:${r.failure.code}`);
    ctx.count('go-lives');
    ctx.books({ type: 'started', customer: customerId, team: 'care', sender: owner, at: now() });
  }

  async function react(person: string, f: ReminderItem): Promise<void> {
    if (f.handoffId && (await store().getHandoff(f.handoffId))?.state === 'declined')
      return resend(person, f.handoffId);
    if (f.window === 'accept' && f.handoffId) return accept(person, f.handoffId);
    if (f.window === 'firstContact' && f.handoffId) {
      const h = await store().getHandoff(f.handoffId);
      if (h?.state === 'open') return accept(person, f.handoffId);
      return contactOnHandoff(person, f.handoffId);
    }
    return contactCustomer(person, f.customerId);
  }

  /** Escalated to: ask the owner to act, or move the work to someone who is here. */
  async function leadReacts(lead: string, f: ReminderItem): Promise<void> {
    const owner = await responsibleFor(f.customerId);
    if (owner && owner !== lead && present(owner, now()) && ctx.rnd.chance(BEHAVIOUR.leadPingsOwner)) {
      ctx.count('lead pinged owner');
      return at(owner, later(owner, ctx.rnd.exp(HOUR)), () => react(owner, f));
    }
    const h = await liveHandoff(f.customerId);
    const to = h && (await pickMember(h.to as TeamKey, owner));
    if (h && to) {
      const r = await s().reassign({ handoffId: h.id, actor: lead, to });
      if (r.ok) {
        ctx.books({ type: 'reassigned', customer: h.customerId, person: to, at: now() });
        return ctx.count('reassigned by lead');
      }
    }
    await contactCustomer(lead, f.customerId);
  }

  /** Work moved to this person: they pick it up. */
  async function takeOver(person: string, handoffId: string): Promise<void> {
    const h = await store().getHandoff(handoffId);
    if (!h || h.owner !== person) {
      if (h?.state === 'open' && h.assignee === person) await accept(person, handoffId);
      return;
    }
    if (h.state === 'accepted') return contactOnHandoff(person, handoffId);
    if (h.state !== 'contacted') return;
    // An inherited customer who is due soon is called now; the others join the new owner's rhythm.
    const due = Date.parse((await store().getCustomer(h.customerId))?.contactDueAt ?? '');
    if (due < now() + 2 * DAY[h.to as TeamKey]) return contactCustomer(person, h.customerId);
    afterContact(person, h.customerId, h.to as TeamKey, false);
  }

  async function resend(person: string, handoffId: string): Promise<void> {
    const h = await store().getHandoff(handoffId);
    if (h?.state !== 'declined') return;
    const r = await s().resend({ handoffId, actor: person, context: { goLiveDate: '2027-06-30' } });
    if (r.ok) {
      ctx.count('declined handoffs sent again');
      ctx.books({ type: 'resent', customer: h.customerId, person, at: now() });
    }
  }

  /** What the platform showed people since the last step, as they read it. */
  async function read(sent: readonly Sent[]): Promise<void> {
    for (const { item } of sent) {
      const d = item.delivery;
      const m = d.message;
      const to = d.target.kind === 'person' ? d.target.person : undefined;
      if (m.type === 'handoff-card' && d.target.kind === 'team') {
        const h = await store().getHandoff(m.handoffId);
        const asked = h?.assignee;
        if (h?.state === 'open' && asked && ctx.rnd.chance(BEHAVIOUR.seesCard))
          at(asked, later(asked, ctx.rnd.logNormal(HOUR, 1)), () => accept(asked, h.id));
      } else if (m.type === 'reminder' && to && item.rendered.kind === 'notice') {
        const named = new Set(item.rendered.notice.items.map((i) => i.customerId));
        for (const f of m.followUps) {
          if (!named.has(f.customerId)) continue;
          if (f.kind === 'escalation') {
            at(to, later(to, ctx.rnd.exp(HOUR)), () => leadReacts(to, f));
            continue;
          }
          const key = `${to}|${f.handoffId ?? f.customerId}|${f.window}`;
          const first = !nudged.has(key);
          nudged.add(key);
          if (first && ctx.rnd.chance(BEHAVIOUR.ignoresFirstNudge)) ctx.count('first nudges ignored');
          else at(to, later(to, ctx.rnd.exp(40 * MIN)), () => react(to, f));
        }
      } else if (m.type === 'note' && to && m.event === 'reassigned' && m.detail === to) {
        at(to, later(to, ctx.rnd.exp(45 * MIN)), () => takeOver(to, m.handoffId));
      } else if (m.type === 'note' && to && m.event === 'declined') {
        // Some senders put it aside: only a reminder brings them back to it.
        if (ctx.rnd.chance(BEHAVIOUR.forgetsDecline)) {
          ctx.count('declines left aside by the sender');
          continue;
        }
        at(to, later(to, ctx.rnd.logNormal(3 * HOUR, 1)), () => resend(to, m.handoffId));
      }
    }
  }

  return { at, runDue, read, pickMember, takeOver, present };
}

export type People = ReturnType<typeof createPeople>;

import { buildHandoffCard } from '../cards/build-card.js';
import { buildLanguageNotice } from '../cards/build-language-notice.js';
import { buildNotice } from '../cards/build-notice.js';
import { actionValue, type Notice } from '../cards/model.js';
import {
  type CardRef,
  type Customer,
  type Delivery,
  type DeliveryTarget,
  type Handoff,
  PULSE_ANSWERS,
  type PulseAnswer,
  type ReminderItem,
} from '../domain/types.js';
import { formatList, t } from '../i18n/translate.js';
import { publicUrlOf } from '../services/dashboard-links.js';
import { declinedBy } from '../services/declined-by.js';
import type { ServiceDeps } from '../services/deps.js';
import { pulseMailOf, REOPENS } from '../services/pulse.js';
import type { ViewReader } from '../views/reader.js';
import type { Rendered } from './notifier.js';
import { recordText } from './render-record.js';
import { teamReport, weeklyReport } from './render-report.js';

export interface Reader {
  person?: string;
  locale: string;
  timeZone: string;
}

/**
 * Turns a queued delivery into what the platform shows, from the state as it
 * is now (a card updated twice while a platform was throttling shows the
 * latest state once), in the reader's language and time zone.
 */
export function createRenderer(deps: ServiceDeps) {
  const { store, dir, clock } = deps;
  const publicUrl = publicUrlOf(deps);
  const translation = deps.translator !== undefined;

  function readerOf(target: DeliveryTarget, h?: Handoff): Reader {
    if (target.kind === 'person') {
      return {
        person: target.person,
        locale: dir.personLocale(target.person),
        timeZone: dir.personTimeZone(target.person),
      };
    }
    const team = target.kind === 'team' ? target.team : (h?.to ?? dir.journey[0] ?? '');
    return { locale: dir.teamLocale(team), timeZone: dir.calendar(team).timeZone };
  }

  return async function render(d: Delivery): Promise<{ rendered: Rendered; cardRef?: CardRef } | 'skip'> {
    const cardRef = d.target.kind === 'card' ? await store.getCardRef(d.target.cardRefId) : undefined;
    if (d.target.kind === 'card' && !cardRef) return 'skip';
    const withRef = (rendered: Rendered) => ({ rendered, ...(cardRef ? { cardRef } : {}) });
    const m = d.message;
    const now = clock.now();
    switch (m.type) {
      case 'handoff-card':
      case 'card-update': {
        const h = await store.getHandoff(m.handoffId);
        const c = h && (await store.getCustomer(h.customerId));
        if (!h || !c) return 'skip';
        const reader = readerOf(d.target, h);
        const declined = await declinedBy(store, h);
        const card = buildHandoffCard({
          handoff: h,
          customer: c,
          dir,
          reader,
          now,
          ...(declined ? { declinedBy: declined } : {}),
          publicUrl,
          translation,
        });
        return withRef({ kind: 'card', card });
      }
      case 'reminder': {
        const reader = readerOf(d.target);
        const items = await reminderItems(m.followUps);
        if (items.length === 0) return 'skip';
        const kind =
          items.length > 1 ? 'digest' : items[0]?.followUp.kind === 'escalation' ? 'escalation' : 'nudge';
        const notice = buildNotice({
          kind,
          items,
          dir,
          reader: { person: reader.person ?? '', locale: reader.locale, timeZone: reader.timeZone },
          now,
          translation,
        });
        return withRef({ kind: 'notice', notice });
      }
      case 'crm-record':
        return recordText(deps, d, m).then((r) => (r === 'skip' ? r : withRef(r)));
      case 'proposal': {
        const h = await store.getHandoff(m.handoffId);
        const c = h && (await store.getCustomer(h.customerId));
        if (!h || !c || h.state !== 'proposed') return 'skip';
        return withRef({ kind: 'notice', notice: proposalNotice(h, c, readerOf(d.target, h)) });
      }
      case 'language': {
        const h = await store.getHandoff(m.handoffId);
        const c = h && (await store.getCustomer(h.customerId));
        if (!h || !c) return 'skip';
        const notice = buildLanguageNotice({
          about: m.about,
          handoff: h,
          customer: c,
          dir,
          reader: readerOf(d.target, h),
          now,
        });
        return notice ? withRef({ kind: 'notice', notice }) : 'skip';
      }
      case 'note': {
        const h = await store.getHandoff(m.handoffId);
        const c = h && (await store.getCustomer(h.customerId));
        if (!h || !c) return 'skip';
        const reader = readerOf(d.target, h);
        const said = t(reader.locale, `note.${m.event}`, {
          // A contact a system of record reported is told as that system's, not as a person key.
          actor: !m.actor
            ? 'Baton'
            : m.actor.startsWith('webhook:')
              ? dir.systemName(m.actor.slice('webhook:'.length))
              : dir.personName(m.actor),
          detail: noteDetail(m.event, m.detail, reader.locale),
          team: dir.teamName(h.to),
        });
        // Fixing a declined handoff is the sender's job: only the sender is told to.
        const toSender = m.event === 'declined' && d.target.kind === 'person' && d.target.person === h.sender;
        const next = toSender
          ? 'note.declinedNext'
          : m.event === 'pulse' && d.target.kind === 'person' && REOPENS.has(m.detail as PulseAnswer)
            ? 'pulse.reopenedNext'
            : undefined;
        const text = next ? `${said.replace(/[^.!?。]$/u, '$&.')} ${t(reader.locale, next)}` : said;
        if (d.target.kind === 'card' || d.target.kind === 'address')
          return withRef({ kind: 'text', text, locale: reader.locale });
        // In a direct message the note needs to say which customer it is about.
        const title = t(reader.locale, 'card.title', {
          customer: c.name,
          from: dir.teamName(h.from),
          to: dir.teamName(h.to),
        });
        const notice: Notice = {
          kind: 'info',
          locale: reader.locale,
          fallback: `${title}: ${text}`,
          title,
          text,
          items: [],
        };
        return withRef({ kind: 'notice', notice });
      }
      case 'text':
        return withRef({ kind: 'text', text: m.text, locale: dir.config.defaults.locale });
      case 'weekly-report': {
        if (!dir.person(m.person)) return 'skip';
        const r = viewReader(readerOf(d.target), now);
        return withRef({ kind: 'view', view: await weeklyReport(deps, m.week, r) });
      }
      case 'pulse-mail': {
        // The mail adapter builds the mail itself (signed links, headers); this is its plain subject.
        const built = await pulseMailOf(deps, m.handoffId);
        if (!built) return 'skip';
        return withRef({ kind: 'text', text: built.mail.subject, locale: built.mail.locale });
      }
      case 'team-report': {
        if (!dir.team(m.team)) return 'skip';
        const r = viewReader(readerOf(d.target), now);
        return withRef({ kind: 'view', view: await teamReport(deps, m.team, m.week, r) });
      }
    }
  };

  function viewReader(r: Reader, now: Date): ViewReader {
    return { dir, locale: r.locale, timeZone: r.timeZone, now, publicUrl, translation };
  }

  async function reminderItems(followUps: ReminderItem[]) {
    // Two reads for a digest of any size: on PostgreSQL each read is a round trip.
    const customers = new Map(
      (await store.getCustomers(followUps.map((f) => f.customerId))).map((c) => [c.id, c]),
    );
    const handoffIds = followUps.flatMap((f) => (f.handoffId ? [f.handoffId] : []));
    const handoffs = new Map((await store.getHandoffs(handoffIds)).map((h) => [h.id, h]));
    const out: Array<{ followUp: ReminderItem; handoff?: Handoff; customer: Customer }> = [];
    for (const f of followUps) {
      const customer = customers.get(f.customerId);
      if (!customer) continue;
      const handoff = f.handoffId ? handoffs.get(f.handoffId) : undefined;
      out.push({ followUp: f, customer, ...(handoff ? { handoff } : {}) });
    }
    return out;
  }

  function proposalNotice(h: Handoff, c: Customer, reader: Reader): Notice {
    const text = t(reader.locale, 'proposal.text', { customer: c.name, team: dir.teamName(h.to) });
    const value = actionValue(h.id, h.version);
    return {
      kind: 'proposal',
      locale: reader.locale,
      fallback: text,
      title: t(reader.locale, 'proposal.title'),
      text,
      items: [
        {
          handoffId: h.id,
          customerId: c.id,
          title: t(reader.locale, 'card.title', {
            customer: c.name,
            from: dir.teamName(h.from),
            to: dir.teamName(h.to),
          }),
          detail: text,
          overdue: false,
          actions: [
            { id: 'confirm', label: t(reader.locale, 'action.confirm'), style: 'primary', value },
            { id: 'cancel', label: t(reader.locale, 'action.cancel'), value },
          ],
        },
      ],
    };
  }

  function noteDetail(event: string, detail: string | undefined, locale: string): string {
    if (!detail) return '';
    if (event === 'reassigned') return dir.personName(detail);
    // An escalation names each person or team channel a step reached at once: `priya,team:delivery`.
    if (event === 'escalated')
      return formatList(
        detail
          .split(',')
          .map((k) => (k.startsWith('team:') ? dir.teamName(k.slice('team:'.length)) : dir.personName(k))),
        locale,
      );
    if (event === 'pulse' && (PULSE_ANSWERS as readonly string[]).includes(detail))
      return t(locale, `pulse.said.${detail as PulseAnswer}`);
    if (event === 'contacted' && ['call', 'email', 'chat', 'meeting'].includes(detail)) {
      return t(locale, `channel.${detail as 'call' | 'email' | 'chat' | 'meeting'}`);
    }
    return detail;
  }
}

import { describe, expect, it } from 'vitest';
import { buildHandoffCard, type HandoffCardInput } from '../../src/cards/build-card.js';
import { type Card, parseActionValue } from '../../src/cards/model.js';
import type { HandoffState } from '../../src/domain/types.js';
import { customer, DAY, dir, HOUR, handoff, NY, plus, SEOUL_KO, T0 } from './fixtures.js';

const NOW = new Date(plus(T0, 2 * HOUR));
const NOW_ISO = NOW.toISOString();
/** NOW as the New York reader reads it (T0 is 7:00 AM EST). */
const STAMP = 'Nov 23, 2026, 9:00 AM EST';

function card(overrides: Partial<HandoffCardInput> = {}): Card {
  return buildHandoffCard({
    handoff: handoff(),
    customer: customer(),
    dir,
    reader: NY,
    now: NOW,
    ...overrides,
  });
}

const fact = (c: Card, label: string) => c.facts.find((f) => f.label === label)?.value;
const section = (c: Card, title: string) => c.sections.find((s) => s.title === title)?.text;

describe('buildHandoffCard', () => {
  it('names the customer, the transition and who handed over', () => {
    const c = card();
    expect(c.title).toBe('Acme Corp: Sales → Delivery');
    expect(c.subtitle).toBe('Handed over by Dana Reyes · Nov 23, 2026, 7:00 AM EST');
    expect(c.status).toEqual({
      text: 'Open: waiting for Omar Haddad (Delivery) to accept',
      tone: 'attention',
    });
    expect(c.fallback).toContain('Acme Corp: Sales → Delivery · Open: waiting for Omar Haddad');
    expect(c.fallback).not.toContain('\n');
  });

  it('says what started a handoff nobody sent', () => {
    const fromEvent = card({
      handoff: handoff({ sender: 'system', source: { kind: 'event', system: 'hubspot', eventId: 'e1' } }),
    });
    expect(fromEvent.subtitle).toBe('Started by a HubSpot event · Nov 23, 2026, 7:00 AM EST');
    const fromSilence = card({ handoff: handoff({ sender: 'system', source: { kind: 'silence' } }) });
    expect(fromSilence.subtitle).toMatch(/^Started by Baton after too long without contact/);
  });

  it('puts a Korean-speaking customer’s language in front of an English reader, strongly', () => {
    const c = card();
    expect(c.language).toEqual({
      code: 'ko',
      label: 'Korean (한국어)',
      notice: 'Customer prefers Korean: answer in Korean',
      strong: true,
    });
    expect(c.fallback).toContain('Customer prefers Korean: answer in Korean');
  });

  it('shows a known language quietly when customer and reader both speak English', () => {
    const c = card({ customer: customer({ language: 'en' }) });
    expect(c.language).toMatchObject({ code: 'en', notice: 'Customer speaks English', strong: false });
    expect(c.fallback).not.toContain('English');
    const forKoreanReader = card({ customer: customer({ language: 'en' }), reader: SEOUL_KO });
    expect(forKoreanReader.language).toMatchObject({
      notice: '고객이 영어를 선호합니다. 영어로 응대하세요',
      strong: true,
    });
  });

  it('takes the language from the context when the customer record has none, and omits it when nobody knows', () => {
    const fromContext = card({
      customer: customer({ language: undefined }),
      handoff: handoff({ context: { summary: 'x', language: 'ja' } }),
    });
    expect(fromContext.language?.notice).toBe('Customer prefers Japanese: answer in Japanese');
    expect(card({ customer: customer({ language: undefined }) }).language).toBeUndefined();
  });

  it('shows the same deadline in each reader’s own zone', () => {
    // Accept by 16:00 UTC: 11:00 in New York, 01:00 the next day in Seoul.
    const ny = card({ reader: NY });
    const seoul = card({ reader: { locale: 'en', timeZone: 'Asia/Seoul' } });
    expect(fact(ny, 'Accept by')).toBe('Nov 23, 2026, 11:00 AM EST');
    expect(fact(seoul, 'Accept by')).toBe('Nov 24, 2026, 1:00 AM GMT+9');
    expect(fact(ny, 'First contact by')).toBe('Nov 25, 2026, 7:00 AM EST');
  });

  it('marks a missed deadline as overdue and warns', () => {
    const late = card({ now: new Date(plus(T0, 6 * HOUR)) });
    expect(fact(late, 'Accept by')).toBe('Nov 23, 2026, 11:00 AM EST (overdue)');
    expect(late.status.tone).toBe('warning');
  });

  it('shows the deal, go-live date, key contact and when the customer was last contacted', () => {
    const c = card({ reader: { locale: 'en', timeZone: 'America/Los_Angeles' } });
    expect(fact(c, 'Deal value')).toBe('$120,000');
    expect(fact(c, 'Go-live date')).toBe('Jan 15, 2027');
    expect(fact(c, 'Key contact')).toBe('Min-jun Kim <mj@acme.example>');
    expect(fact(c, 'Last contact')).toBe('Nov 20, 2026, 4:00 AM PST');
    expect(fact(c, 'Assigned to')).toBe('Omar Haddad');
    const never = card({
      customer: customer({ lastContactAt: undefined }),
      handoff: handoff({ context: { summary: 'x' } }),
    });
    expect(fact(never, 'Last contact')).toBe('Never contacted');
    expect(fact(never, 'Key contact')).toBe('Min-jun Kim (sponsor), mj@acme.example');
  });

  it('keeps deadlines that no longer apply off the card', () => {
    const accepted = card({
      handoff: handoff({ state: 'accepted', owner: 'omar', acceptedAt: plus(T0, HOUR) }),
    });
    expect(fact(accepted, 'Accept by')).toBeUndefined();
    expect(fact(accepted, 'First contact by')).toBeDefined();
    expect(fact(accepted, 'Owner')).toBe('Omar Haddad');
    const contacted = card({
      handoff: handoff({ state: 'contacted', owner: 'omar', contactedAt: plus(T0, HOUR) }),
    });
    expect(fact(contacted, 'First contact by')).toBeUndefined();
  });

  it('says a claim handoff is open to the whole team', () => {
    expect(fact(card({ handoff: handoff({ assignee: undefined }) }), 'Assigned to')).toBe(
      'Anyone in Delivery (first to accept)',
    );
  });

  it('shows summary, promises, notes and other context fields in playbook order', () => {
    const c = card({
      handoff: handoff({
        context: { ...handoff().context, successCriteria: '50 active users', hostingRegion: 'Seoul' },
        notes: [{ at: T0, by: 'dana', text: 'Call before noon KST.' }],
      }),
    });
    expect(c.sections.map((s) => s.title)).toEqual([
      'Summary',
      'Promises made',
      'Note from Dana Reyes',
      'Notes',
      'Implementation partner',
      'Success criteria',
      'Hosting region',
    ]);
    expect(section(c, 'Promises made')).toBe('• SSO by January\n• Korean-speaking onboarding');
    expect(section(c, 'Notes')).toBe('Dana Reyes, Nov 23, 2026, 7:00 AM EST: Call before noon KST.');
  });

  it('lists the required context that is missing', () => {
    const c = card({ handoff: handoff({ context: { summary: 'x', keyContact: 'y' } }) });
    expect(section(c, 'Missing context')).toBe(
      'Go-live date and Implementation partner. Ask Dana Reyes to add it, or decline with a reason.',
    );
    expect(section(card(), 'Missing context')).toBeUndefined();
  });

  it('links the context URLs by host and the CRM record, and drops anything else', () => {
    expect(card().links).toEqual([
      { label: 'acme.example', url: 'https://www.acme.example/contract.pdf' },
      { label: 'HubSpot record', url: 'https://app.hubspot.com/contacts/_/company/9001' },
    ]);
    const sf = card({ customer: customer({ externalIds: { salesforce: '001XYZ' } }) });
    expect(sf.links.at(-1)).toEqual({
      label: 'Salesforce record',
      url: 'https://login.salesforce.com/?startURL=%2F001XYZ',
    });
  });

  it('marks an escalation and carries the recent events', () => {
    const c = card({
      handoff: handoff({
        escalations: [
          { step: '150%', window: 'accept', to: { kind: 'person', person: 'priya' }, at: NOW_ISO },
        ],
      }),
      recent: ['Reminder sent to Omar Haddad'],
    });
    expect(c.escalations).toEqual([`Escalated to Priya Shah on ${STAMP}`]);
    expect(c.timeline).toEqual(['Reminder sent to Omar Haddad']);
    expect(card().escalations).toBeUndefined();
  });

  it('shows an escalation recorded before ladders as one step', () => {
    const c = card({ handoff: handoff({ escalatedTo: 'priya', escalatedAt: NOW_ISO }) });
    expect(c.escalations).toEqual([`Escalated to Priya Shah on ${STAMP}`]);
  });

  const buttons: Record<HandoffState, string[]> = {
    proposed: ['confirm:primary', 'cancel'],
    open: ['accept:primary', 'decline:danger:reason', 'reassign::person', 'snooze::snooze'],
    accepted: ['contact:primary:contact', 'reassign::person', 'snooze::snooze'],
    contacted: ['complete:primary', 'contact::contact', 'reassign::person'],
    declined: ['resend:primary', 'cancel'],
    done: [],
    cancelled: [],
  };
  it.each(Object.entries(buttons))('offers only the buttons that fit a %s handoff', (state, expected) => {
    const c = card({
      handoff: handoff({ state: state as HandoffState, owner: 'omar', declineReason: 'No SSO' }),
    });
    const got = c.actions.map((a) => [a.id, a.style ?? '', a.needsInput ?? ''].join(':').replace(/:+$/, ''));
    expect(got).toEqual(expected);
    for (const a of c.actions) expect(parseActionValue(a.value)).toEqual({ handoffId: 'hof_1', version: 3 });
  });

  it('says each state in words', () => {
    const s = (over: Parameters<typeof handoff>[0]) => card({ handoff: handoff(over) }).status;
    expect(s({ state: 'accepted', owner: 'omar', acceptedAt: plus(T0, HOUR) }).text).toBe(
      'Accepted by Omar Haddad · Nov 23, 2026, 8:00 AM EST',
    );
    expect(s({ state: 'contacted', owner: 'omar', contactedAt: plus(T0, HOUR) })).toEqual({
      text: 'First contact logged by Omar Haddad · Nov 23, 2026, 8:00 AM EST',
      tone: 'good',
    });
    // A CRM-reported contact on a claim handoff nobody took: the team, never an empty name.
    expect(s({ state: 'contacted', assignee: undefined, contactedAt: plus(T0, HOUR) }).text).toBe(
      'First contact logged for Delivery · Nov 23, 2026, 8:00 AM EST',
    );
    // Read by the team that declined: who declined and why, and that it went back to the sender.
    const declined = (declinedBy?: string) =>
      card({
        handoff: handoff({ state: 'declined', declineReason: 'Go-live date missing.' }),
        ...(declinedBy ? { declinedBy } : {}),
      }).status.text;
    expect(declined('omar')).toBe(
      'Declined by Omar Haddad: Go-live date missing. It went back to Dana Reyes.',
    );
    expect(declined()).toBe('Declined by Delivery: Go-live date missing. It went back to Dana Reyes.');
    expect(declined('omar')).not.toContain('Fix the context');
    expect(s({ state: 'proposed' }).text).toBe('Proposed: confirm to send Acme Corp to Delivery');
    expect(s({ state: 'done' }).text).toBe('Done: Acme Corp is with Delivery now');
  });

  it('speaks Korean to a Korean reader', () => {
    const c = card({ reader: SEOUL_KO });
    expect(c.locale).toBe('ko');
    expect(c.actions.map((a) => a.label)).toEqual(['수락', '거절', '담당자 변경', '나중에 알림']);
    expect(c.subtitle).toBe('Dana Reyes님이 인계 · 2026년 11월 23일 오후 9:00 GMT+9');
    expect(c.language?.notice).toBe('고객이 한국어를 선호합니다. 한국어로 응대하세요');
    expect(fact(c, '수락 기한')).toBe('2026년 11월 24일 오전 1:00 GMT+9');
    expect(fact(c, '마지막 연락')).toBe('2026년 11월 20일 오후 9:00 GMT+9');
    expect(fact(c, '오픈 예정일')).toBe('2027년 1월 15일');
    expect(c.sections[0]?.title).toBe('요약');
  });

  it('is a pure function of its input', () => {
    const h = Object.freeze(handoff());
    const cu = Object.freeze(customer());
    const first = buildHandoffCard({ handoff: h, customer: cu, dir, reader: NY, now: NOW });
    expect(buildHandoffCard({ handoff: h, customer: cu, dir, reader: NY, now: NOW })).toEqual(first);
    expect(
      buildHandoffCard({ handoff: h, customer: cu, dir, reader: NY, now: new Date(plus(T0, DAY)) }),
    ).not.toEqual(first);
  });
});

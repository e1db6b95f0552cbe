import { describe, expect, it } from 'vitest';
import { buildHandoffCard, type HandoffCardInput } from '../../src/cards/build-card.js';
import { buildNotice, type NoticeEntry } from '../../src/cards/build-notice.js';
import type { Card } from '../../src/cards/model.js';
import { customer, DAY, dir, followUp, HOUR, handoff, NY, plus, SEOUL_KO, T0 } from './fixtures.js';

/** What a card or notice must never say: true when rendered, false an hour later. */
const RELATIVE =
  /\b(ago|now|in \d+ (seconds?|minutes?|hours?|days?)|yesterday|tomorrow|today)\b|[0-9]+\s*(초|분|시간|일) (전|후)/i;

function card(overrides: Partial<HandoffCardInput> = {}): Card {
  return buildHandoffCard({
    handoff: handoff(),
    customer: customer(),
    dir,
    reader: NY,
    now: new Date(plus(T0, 2 * HOUR)),
    ...overrides,
  });
}

/** The texts in which renderers replace stamps. */
const stampedFields = (c: Card) => [c.subtitle, c.status.text, ...c.facts.map((f) => f.value), ...c.timeline];

describe('moments on cards and notices', () => {
  it('records the handover time, both deadlines and the last contact, each written where it is shown', () => {
    const c = card();
    expect(c.stamps).toEqual([
      { at: '2026-11-23T12:00:00.000Z', style: 'dateTime', text: 'Nov 23, 2026, 7:00 AM EST' },
      { at: '2026-11-20T12:00:00.000Z', style: 'dateTime', text: 'Nov 20, 2026, 7:00 AM EST' },
      { at: '2026-11-23T16:00:00.000Z', style: 'dateTime', text: 'Nov 23, 2026, 11:00 AM EST' },
      { at: '2026-11-25T12:00:00.000Z', style: 'dateTime', text: 'Nov 25, 2026, 7:00 AM EST' },
    ]);
    const fields = stampedFields(c).join('\n');
    for (const s of c.stamps ?? []) expect(fields).toContain(s.text);
    expect(c.subtitle).toBe('Handed over by Dana Reyes · Nov 23, 2026, 7:00 AM EST');
  });

  it('says the same thing rendered now and an hour later, apart from a deadline that passed', () => {
    const early = card({ now: new Date(plus(T0, 3 * HOUR + 59 * 60_000)) });
    const later = card({ now: new Date(plus(T0, 4 * HOUR + 59 * 60_000)) });
    for (const c of [early, later, card({ now: new Date(T0) }), card({ reader: SEOUL_KO })])
      expect(JSON.stringify(c)).not.toMatch(RELATIVE);
    expect(later.subtitle).toBe(early.subtitle);
    expect(later.stamps).toEqual(early.stamps);
    const accept = (c: Card) => c.facts.find((f) => f.label === 'Accept by')?.value;
    expect(accept(early)).toBe('Nov 23, 2026, 11:00 AM EST');
    expect(accept(later)).toBe('Nov 23, 2026, 11:00 AM EST (overdue)');
  });

  it('stamps the accepted time and the next contact of a cancelled handoff', () => {
    const accepted = card({
      handoff: handoff({ state: 'accepted', owner: 'omar', acceptedAt: plus(T0, HOUR) }),
    });
    expect(accepted.status.text).toBe('Accepted by Omar Haddad · Nov 23, 2026, 8:00 AM EST');
    expect(accepted.stamps?.map((s) => s.at)).toContain('2026-11-23T13:00:00.000Z');
    const cancelled = card({
      handoff: handoff({
        state: 'cancelled',
        afterCancel: { kind: 'cadence', team: 'delivery', owner: 'omar', dueAt: plus(T0, 30 * DAY) },
      }),
    });
    expect(cancelled.status.text).toMatch(/next contact due Dec 23, 2026, 7:00 AM EST$/);
    expect(cancelled.stamps?.map((s) => s.at)).toContain('2026-12-23T12:00:00.000Z');
  });

  it('leaves a moment unstamped when outside text reads exactly like it (the control: it is stamped otherwise)', () => {
    const due = plus(T0, 30 * DAY);
    const cancelled = (name: string) =>
      card({
        customer: customer({ name }),
        handoff: handoff({
          state: 'cancelled',
          afterCancel: { kind: 'cadence', team: 'delivery', owner: 'omar', dueAt: due },
        }),
      });
    const stampedAt = (c: Card) => c.stamps?.map((s) => s.at) ?? [];
    expect(stampedAt(cancelled('Acme Corp'))).toContain('2026-12-23T12:00:00.000Z');
    const lookalike = cancelled('Dec 23, 2026, 7:00 AM EST');
    expect(lookalike.status.text).toContain('Dec 23, 2026, 7:00 AM EST stays with');
    expect(stampedAt(lookalike)).not.toContain('2026-12-23T12:00:00.000Z');
    // The other moments keep their stamps.
    expect(stampedAt(lookalike)).toContain('2026-11-23T12:00:00.000Z');
  });

  it('keeps note times as plain text: notes are what people wrote, where no renderer replaces anything', () => {
    const c = card({
      handoff: handoff({ notes: [{ at: plus(T0, HOUR), by: 'dana', text: 'Call before noon' }] }),
    });
    expect(c.sections.find((s) => s.title === 'Notes')?.text).toBe(
      'Dana Reyes, Nov 23, 2026, 8:00 AM EST: Call before noon',
    );
    expect(c.stamps?.map((s) => s.at)).not.toContain('2026-11-23T13:00:00.000Z');
  });

  it('stamps a notice’s due lines and last contact, once per moment however many items share it', () => {
    const cadence = (id: string): NoticeEntry => ({
      followUp: followUp({
        id: `${id}:cadence`,
        customerId: id,
        handoffId: undefined,
        window: 'cadence',
        recipient: { kind: 'person', person: 'omar' },
        deadline: plus(T0, -DAY),
        dueAt: plus(T0, -DAY),
      }),
      customer: customer({ id, name: id, language: 'en', owner: 'omar', lastContactAt: plus(T0, -20 * DAY) }),
    });
    const reader = { person: 'omar', locale: 'en', timeZone: 'Europe/London' };
    const n = buildNotice({
      kind: 'nudge',
      items: [cadence('Globex'), cadence('Initech')],
      dir,
      reader,
      now: new Date(T0),
    });
    expect(n.items.map((i) => i.due)).toEqual([
      'Overdue since Nov 22, 2026, 12:00 PM GMT',
      'Overdue since Nov 22, 2026, 12:00 PM GMT',
    ]);
    expect(n.stamps).toEqual([
      { at: '2026-11-03T12:00:00.000Z', style: 'dateTime', text: 'Nov 3, 2026, 12:00 PM GMT' },
      { at: '2026-11-22T12:00:00.000Z', style: 'dateTime', text: 'Nov 22, 2026, 12:00 PM GMT' },
    ]);
    expect(JSON.stringify(n)).not.toMatch(RELATIVE);
  });
});

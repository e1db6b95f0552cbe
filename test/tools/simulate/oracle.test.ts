import { describe, expect, it } from 'vitest';
import { businessClock, parseIsoDuration } from '../../../tools/simulate/oracle/calendar.js';
import { askedOnCard, readMessage } from '../../../tools/simulate/oracle/read-messages.js';

const at = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();
const FROM = at('2027-01-01T00:00:00Z');
const TO = at('2027-05-01T00:00:00Z');
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];
const london = businessClock(
  {
    timeZone: 'Europe/London',
    start: '09:00',
    end: '17:30',
    days: weekdays,
    holidays: ['2027-03-26', '2027-03-29'],
  },
  FROM,
  TO,
);
const newYork = businessClock(
  { timeZone: 'America/New_York', start: '09:00', end: '17:00', days: weekdays, holidays: ['2027-01-18'] },
  FROM,
  TO,
);

/** The oracle's own calendar, against deadlines worked out by hand from the spec's rules. */
describe("the simulation oracle's business time", () => {
  it('counts working hours across the evening and whole working days keeping the wall-clock time', () => {
    // Monday 15:00 in London + PT4H: 2.5 h on Monday, 1.5 h on Tuesday.
    const start = at('2027-01-04T15:00:00Z');
    const d = london.deadline(start, parseIsoDuration('PT4H'));
    expect(iso(d)).toBe('2027-01-05T10:30:00.000Z');
    expect(iso(london.fraction(start, d, 0.5))).toBe('2027-01-04T17:00:00.000Z');
    expect(iso(london.fraction(start, d, 1.5))).toBe('2027-01-05T12:30:00.000Z');
    // Tuesday 15:00 + P2D is Thursday 15:00; Friday 15:00 + P1D is Monday 15:00.
    expect(iso(london.deadline(at('2027-01-05T15:00:00Z'), parseIsoDuration('P2D')))).toBe(
      '2027-01-07T15:00:00.000Z',
    );
    expect(iso(london.deadline(at('2027-01-08T15:00:00Z'), parseIsoDuration('P1D')))).toBe(
      '2027-01-11T15:00:00.000Z',
    );
    // A purchase at night starts the clock at the next opening.
    expect(iso(london.deadline(at('2027-01-05T22:00:00Z'), parseIsoDuration('P2D')))).toBe(
      '2027-01-08T09:00:00.000Z',
    );
  });

  it('skips holidays and follows daylight saving time', () => {
    // Friday 15 January 10:00 in New York + P1D: Monday the 18th is a holiday.
    expect(iso(newYork.deadline(at('2027-01-15T15:00:00Z'), parseIsoDuration('P1D')))).toBe(
      '2027-01-19T15:00:00.000Z',
    );
    // Friday 12 March 10:00 EST + P1D: Monday 15 March 10:00 EDT, an hour earlier in UTC.
    expect(iso(newYork.deadline(at('2027-03-12T15:00:00Z'), parseIsoDuration('P1D')))).toBe(
      '2027-03-15T14:00:00.000Z',
    );
    // Good Friday and Easter Monday in London, and the clocks go forward on the Sunday between.
    expect(iso(london.deadline(at('2027-03-25T10:00:00Z'), parseIsoDuration('P1D')))).toBe(
      '2027-03-30T09:00:00.000Z',
    );
    expect(london.isWorking(at('2027-03-29T12:00:00Z'))).toBe(false);
    expect(london.between(at('2027-03-25T00:00:00Z'), at('2027-03-31T00:00:00Z'))).toBe(2 * 8.5 * 3_600_000);
  });
});

describe('the simulation oracle reads messages as a person does', () => {
  it('tells a contact reminder, an accept reminder and an escalation apart, per customer, in English and Korean', () => {
    const digest = [
      'You have 3 follow-ups due',
      'Log your first contact with Acme Corp 0042.',
      'Globex Labs 0007 is waiting for you to accept the handoff from Sales.',
      'Tom Delivery has not logged a first contact with Hooli Bank 0100 yet.',
    ].join('\n');
    const r = readMessage(digest);
    expect([...(r.get('Acme Corp 0042') ?? [])]).toEqual(['mention', 'contact']);
    expect([...(r.get('Globex Labs 0007') ?? [])]).toEqual(['mention', 'accept']);
    expect([...(r.get('Hooli Bank 0100') ?? [])]).toEqual(['mention', 'escalation']);
    const ko = readMessage(
      '알림: Wayne Foods 0025\nWayne Foods 0025 고객에게 안부를 전할 때입니다. 마지막 연락: 30일 전.',
    );
    expect(ko.get('Wayne Foods 0025')?.has('contact')).toBe(true);
    expect(
      readMessage('Minho Care님이 아직 Stark Bank 0003 고객과의 첫 연락을 기록하지 않았습니다.')
        .get('Stark Bank 0003')
        ?.has('escalation'),
    ).toBe(true);
    // A lead told that a declined handoff was neither sent again nor cancelled is escalated to;
    // the sender's own reminder about it is not an escalation.
    expect(
      readMessage(
        'Delivery declined the handoff of Stark Bank 0071 from Sales; Keisha Sales has not sent it again or cancelled it, and the customer still has no first contact.',
      )
        .get('Stark Bank 0071')
        ?.has('escalation'),
    ).toBe(true);
    expect(
      readMessage(
        'Delivery이(가) Sales에서 넘어온 Stark Bank 0071 인계를 거절했는데, Keisha Sales님이 다시 보내지도 취소하지도 않았습니다.',
      )
        .get('Stark Bank 0071')
        ?.has('escalation'),
    ).toBe(true);
    expect(
      readMessage(
        'Reminder: Stark Bank 0071: Delivery declined Stark Bank 0071 and the customer still has no first contact.',
      )
        .get('Stark Bank 0071')
        ?.has('escalation'),
    ).toBe(false);
    // A note naming the customer is not a reminder.
    expect([
      ...(readMessage('Priya Delivery reassigned Acme Corp 0042 to Tom Delivery.').get('Acme Corp 0042') ??
        []),
    ]).toEqual(['mention']);
  });

  it('reads whom a card asks to accept', () => {
    expect(
      askedOnCard(
        'Acme Corp 0042: Sales → Delivery\nOpen: waiting for Tom Delivery (Delivery) to accept',
        'Acme Corp 0042',
      ),
    ).toBe('Tom Delivery');
    expect(
      askedOnCard(
        '수락 대기 중: Minho Care님(Customer Care)의 수락을 기다리고 있습니다 Acme Corp 0042',
        'Acme Corp 0042',
      ),
    ).toBe('Minho Care');
  });
});

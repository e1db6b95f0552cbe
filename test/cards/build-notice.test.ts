import { describe, expect, it } from 'vitest';
import { buildNotice, type NoticeEntry, type NoticeInput } from '../../src/cards/build-notice.js';
import { actionValue, customerActionValue, type Notice, parseActionValue } from '../../src/cards/model.js';
import { customer, DAY, dir, followUp, HOUR, handoff, plus, T0 } from './fixtures.js';

const NOW = new Date(plus(T0, 2 * HOUR));
const OMAR = { person: 'omar', locale: 'en', timeZone: 'Europe/London' };

function notice(items: NoticeEntry[], overrides: Partial<NoticeInput> = {}): Notice {
  return buildNotice({ kind: 'nudge', items, dir, reader: OMAR, now: NOW, ...overrides });
}

const acceptNudge = (): NoticeEntry => ({ followUp: followUp(), handoff: handoff(), customer: customer() });

const cadence = (name: string, id: string, deadline: string): NoticeEntry => ({
  followUp: followUp({
    id: `${id}:cadence`,
    customerId: id,
    handoffId: undefined,
    window: 'cadence',
    recipient: { kind: 'person', person: 'omar' },
    deadline,
    dueAt: deadline,
  }),
  customer: customer({ id, name, language: 'en', owner: 'omar', lastContactAt: plus(T0, -20 * DAY) }),
});

describe('buildNotice', () => {
  it('makes one due item a single reminder with the card’s buttons', () => {
    const n = notice([acceptNudge()]);
    expect(n.kind).toBe('nudge');
    expect(n.title).toBe('Reminder: Acme Corp');
    expect(n.text).toBe(
      'Acme Corp is waiting for you to accept the handoff from Sales.\nCustomer prefers Korean: answer in Korean',
    );
    expect(n.fallback).not.toContain('\n');
    const [item] = n.items;
    expect(item).toMatchObject({
      handoffId: 'hof_1',
      customerId: 'cus_acme',
      title: 'Acme Corp: Sales → Delivery',
      due: 'Due Nov 23, 2026, 4:00 PM GMT',
      overdue: false,
    });
    expect(item?.actions.map((a) => a.id)).toEqual(['accept', 'decline', 'reassign', 'snooze']);
    expect(item?.actions.every((a) => a.value === actionValue('hof_1', 3))).toBe(true);
  });

  it('gives the deadline in the reader’s zone', () => {
    const seoul = notice([acceptNudge()], {
      reader: { person: 'jiwoo', locale: 'en', timeZone: 'Asia/Seoul' },
    });
    expect(seoul.items[0]?.due).toBe('Due Nov 24, 2026, 1:00 AM GMT+9');
  });

  it('addresses a claim reminder to the team', () => {
    const entry = acceptNudge();
    entry.followUp = followUp({ recipient: { kind: 'team', team: 'delivery' } });
    expect(notice([entry]).items[0]?.detail).toMatch(
      /^Acme Corp is waiting for someone in Delivery to accept/,
    );
  });

  it('escalates to the lead with who is late and since when', () => {
    const entry = acceptNudge();
    entry.followUp = followUp({
      kind: 'escalation',
      step: '150%',
      recipient: { kind: 'person', person: 'priya' },
    });
    const n = notice([entry], {
      kind: 'escalation',
      reader: { ...OMAR, person: 'priya' },
      now: new Date(plus(T0, 7 * HOUR)),
    });
    expect(n.kind).toBe('escalation');
    expect(n.title).toBe('Escalated to you: Acme Corp');
    expect(n.items[0]?.detail).toMatch(/^Omar Haddad has not accepted Acme Corp yet\./);
    expect(n.items[0]?.due).toBe('Overdue since Nov 23, 2026, 4:00 PM GMT');
    expect(n.items[0]?.overdue).toBe(true);
  });

  it('gathers several due items into one digest, most overdue first', () => {
    const items = [
      acceptNudge(),
      cadence('Globex', 'cus_globex', plus(T0, -3 * DAY)),
      cadence('Initech', 'cus_initech', plus(T0, -1 * DAY)),
    ];
    const n = notice(items);
    expect(n.kind).toBe('digest');
    expect(n.title).toBe('You have 3 follow-ups due');
    expect(n.items.map((i) => i.customerId)).toEqual(['cus_globex', 'cus_initech', 'cus_acme']);
    expect(n.items.map((i) => i.overdue)).toEqual([true, true, false]);
    expect(n.fallback).toBe('You have 3 follow-ups due: Globex, Initech, Acme Corp');
  });

  it('lets a cadence check-in without a handoff be logged on the customer', () => {
    const n = notice([cadence('Globex', 'cus_globex', plus(T0, -DAY))]);
    const [item] = n.items;
    expect(item?.handoffId).toBeUndefined();
    expect(item?.detail).toBe('Time to check in with Globex: last contact Nov 3, 2026, 12:00 PM GMT.');
    expect(item?.actions).toEqual([
      {
        id: 'contact',
        label: 'Log contact',
        style: 'primary',
        value: 'customer:cus_globex:0',
        needsInput: 'contact',
      },
    ]);
    expect(parseActionValue(item?.actions[0]?.value ?? '')).toEqual({ customerId: 'cus_globex' });
  });

  it('keeps a cadence check-in on the customer even when it names a finished handoff', () => {
    const entry = cadence('Globex', 'cus_globex', plus(T0, -DAY));
    entry.handoff = handoff({ customerId: 'cus_globex', state: 'done' });
    expect(notice([entry]).items[0]?.actions.map((a) => a.value)).toEqual(['customer:cus_globex:0']);
  });

  it('speaks Korean to a Korean reader', () => {
    const items = [acceptNudge(), cadence('Globex', 'cus_globex', plus(T0, -DAY))];
    const n = notice(items, { reader: { person: 'jiwoo', locale: 'ko-KR', timeZone: 'Asia/Seoul' } });
    expect(n.title).toBe('기한이 된 후속 조치가 2건 있습니다');
    expect(n.items[1]?.actions.map((a) => a.label)).toEqual(['수락', '거절', '담당자 변경', '나중에 알림']);
    expect(n.items[0]?.actions[0]?.label).toBe('연락 기록');
  });

  it('says there is nothing due rather than sending an empty reminder', () => {
    expect(notice([])).toMatchObject({ kind: 'info', title: 'Nothing is due.', items: [] });
  });
});

describe('action values', () => {
  it('tell customer actions from handoff actions', () => {
    expect(parseActionValue(customerActionValue('cus_9'))).toEqual({ customerId: 'cus_9' });
    expect(parseActionValue(actionValue('hof_1', 12))).toEqual({ handoffId: 'hof_1', version: 12 });
    expect(parseActionValue('customer:cus_9:1')).toBeUndefined();
    expect(parseActionValue('customer:a b:0')).toBeUndefined();
    expect(parseActionValue('nonsense')).toBeUndefined();
  });
});

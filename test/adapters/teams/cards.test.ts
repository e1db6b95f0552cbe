import { describe, expect, it } from 'vitest';
import { type ActionContext, snoozeChoices } from '../../../adapters/teams/cards/actions.js';
import { renderCard } from '../../../adapters/teams/cards/card.js';
import { cardBytes, LIMIT } from '../../../adapters/teams/cards/elements.js';
import { renderForm, renderStartCard } from '../../../adapters/teams/cards/forms.js';
import { renderNotice } from '../../../adapters/teams/cards/notice.js';
import { renderView } from '../../../adapters/teams/cards/view.js';
import { buildHandoffCard } from '../../../src/cards/build-card.js';
import { buildNotice } from '../../../src/cards/build-notice.js';
import { HANDOFF_STATES } from '../../../src/domain/types.js';
import { helpView } from '../../../src/views/help.js';
import { customer, DAY, dir, followUp, HOUR, handoff, NY, plus, SEOUL_KO, T0 } from '../../cards/fixtures.js';
import { cardProblems } from './adaptive-cards.js';
import { cardText, findAction } from './helpers.js';

const now = new Date(plus(T0, HOUR));

function ctx(locale = 'en', kind: ActionContext['kind'] = 'card'): ActionContext {
  return {
    locale,
    snoozeMax: 'P1D',
    reader: 'team:delivery',
    kind,
    people: () => [
      { title: 'Priya Shah', value: 'priya' },
      { title: 'Omar Haddad', value: 'omar' },
    ],
    sender: () => 'Dana Reyes',
  };
}

describe('Teams Adaptive Cards', () => {
  it.each(HANDOFF_STATES)(
    'the context card in state %s is valid Adaptive Card 1.5 and loses nothing',
    (state) => {
      const h = handoff({ state, ...(state === 'declined' ? { declineReason: 'No go-live date' } : {}) });
      const card = renderCard(
        buildHandoffCard({ handoff: h, customer: customer(), dir, reader: NY, now }),
        ctx(),
      );
      expect(card.version).toBe('1.5');
      expect(cardProblems(card)).toEqual([]);
    },
  );

  it('marks every escalation step on the card, who and when, in the reader’s language', () => {
    const h = handoff({
      escalations: [
        { step: '150%', window: 'accept', to: { kind: 'person', person: 'priya' }, at: plus(T0, HOUR) },
        { step: '300%', window: 'accept', to: { kind: 'team', team: 'sales' }, at: plus(T0, 2 * HOUR) },
      ],
    });
    const en = renderCard(
      buildHandoffCard({ handoff: h, customer: customer(), dir, reader: NY, now }),
      ctx(),
    );
    expect(cardProblems(en)).toEqual([]);
    const text = cardText(en);
    expect(text).toMatch(/🚨 Escalated to Priya Shah on .*\n🚨 Escalated to the Sales channel on /);
    const ko = renderCard(
      buildHandoffCard({ handoff: h, customer: customer(), dir, reader: SEOUL_KO, now }),
      ctx('ko'),
    );
    expect(cardText(ko)).toContain('Priya Shah님에게 에스컬레이션됨');
    expect(cardText(ko)).toContain('Sales 채널로 에스컬레이션됨');
  });

  it('shows the customer’s language right under the title, in a box that stands out', () => {
    const card = renderCard(
      buildHandoffCard({ handoff: handoff(), customer: customer(), dir, reader: NY, now }),
      ctx(),
    );
    const body = card.body as Array<Record<string, unknown>>;
    const box = body[2] as { type: string; style: string; items: Array<{ text: string }> };
    expect(box.type).toBe('Container');
    expect(box.style).toBe('attention');
    expect(box.items[0]?.text).toContain('Customer prefers Korean');
  });

  it('has Accept, Decline with a reason, Reassign to the team, Snooze within the limit, as Universal Actions', () => {
    const card = renderCard(
      buildHandoffCard({ handoff: handoff(), customer: customer(), dir, reader: NY, now }),
      ctx(),
    );
    const accept = findAction(card, 'accept');
    expect(accept?.data).toEqual({ baton: 1, v: 'hof_1:3', k: 'card', r: 'team:delivery' });
    const json = JSON.stringify(card);
    expect(json).toContain('"id":"reason"');
    expect(json).toContain('"value":"omar"');
    expect(json).toContain('"id":"duration"');
    expect(snoozeChoices('en', 'P1D').map((c) => c.value)).toEqual(['PT1H', 'PT4H', 'P1D']);
  });

  it('cuts long text with a visible ellipsis and stays under Teams’ message size, Korean included', () => {
    const long = '가나다라마바사아자차카타파하 '.repeat(2_000);
    const h = handoff({
      context: {
        ...handoff().context,
        summary: long,
        promises: long,
        risks: long,
        implementationPartner: long,
      },
      note: long,
    });
    const card = renderCard(
      buildHandoffCard({ handoff: h, customer: customer(), dir, reader: SEOUL_KO, now }),
      ctx('ko'),
    );
    expect(cardBytes(card)).toBeLessThanOrEqual(LIMIT.cardBytes);
    expect(cardText(card)).toContain('…');
    expect(cardProblems(card)).toEqual([]);
  });

  it('renders reminders, escalations and digests with each item’s buttons, inputs told apart', () => {
    const reader = { person: 'omar', locale: 'en', timeZone: 'Europe/London' };
    const one = buildNotice({
      kind: 'nudge',
      items: [{ followUp: followUp(), handoff: handoff(), customer: customer() }],
      dir,
      reader,
      now: new Date(plus(T0, 5 * HOUR)),
    });
    const digest = buildNotice({
      kind: 'digest',
      items: [
        { followUp: followUp(), handoff: handoff(), customer: customer() },
        {
          followUp: followUp({ id: 'x', handoffId: 'hof_2', kind: 'escalation', deadline: plus(T0, DAY) }),
          handoff: handoff({ id: 'hof_2' }),
          customer: customer({ id: 'cus_b', name: 'Beta Ltd' }),
        },
      ],
      dir,
      reader,
      now,
    });
    for (const n of [one, digest]) expect(cardProblems(renderNotice(n, ctx('en', 'notice')))).toEqual([]);
    const json = JSON.stringify(renderNotice(digest, ctx('en', 'notice')));
    expect(json).toContain('"id":"reason.0"');
    expect(json).toContain('"id":"reason.1"');
    expect(cardText(renderNotice(one, ctx('en', 'notice')))).toMatch(/Overdue since/);
  });

  it('renders the handoff form with required fields marked, the errors on top, and the start card', () => {
    const form = renderForm({
      locale: 'en',
      title: 'Acme Corp: Sales → Delivery',
      fields: [
        { name: 'summary', required: true },
        { name: 'goLiveDate', required: true, value: '2027-01-15' },
        { name: 'dealValue', required: false, value: '120000' },
      ],
      errors: ['Add the missing context first: Summary.'],
      submit: {
        verb: 'handoff',
        title: 'Start handoff',
        data: { baton: 1, k: 'form', c: 'cus_acme', t: 'delivery' },
      },
    });
    expect(cardProblems(form)).toEqual([]);
    const json = JSON.stringify(form);
    expect(json).toContain('"id":"f.summary","label":"Summary","isRequired":true');
    expect(json).toContain('"type":"Input.Date"');
    expect(cardText(form)).toContain('Add the missing context first');
    expect(
      cardProblems(
        renderStartCard({ locale: 'en', route: 'Sales → Delivery', playbook: 'sales-to-delivery' }),
      ),
    ).toEqual([]);
  });

  it('renders views (help) as valid cards', () => {
    expect(cardProblems(renderView(helpView('en', 'both'), ctx('en', 'view')))).toEqual([]);
    expect(cardProblems(renderView(helpView('ko', 'both', '문제'), ctx('ko', 'view')))).toEqual([]);
  });
});

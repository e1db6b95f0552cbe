import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../../adapters/teams/cards/actions.js';
import { renderCard } from '../../../adapters/teams/cards/card.js';
import { renderNotice } from '../../../adapters/teams/cards/notice.js';
import { buildHandoffCard } from '../../../src/cards/build-card.js';
import { buildNotice } from '../../../src/cards/build-notice.js';
import { customer, dir, followUp, HOUR, handoff, NY, plus, T0 } from '../../cards/fixtures.js';
import { cardProblems } from './adaptive-cards.js';
import { cardOf, cardText, handOver, type Json, startTeams, type TeamsTest } from './helpers.js';

/** Adaptive Cards' date and time functions for one moment, as Baton writes them. */
const dateTime = (iso: string) => `{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`;

/** Every DATE/TIME argument in a card: Teams reads only `yyyy-MM-ddTHH:mm:ssZ`. */
const momentsIn = (text: string) => [...text.matchAll(/\{\{(?:DATE|TIME)\(([^,)]*)/g)].map((m) => m[1]);

const facts = (card: Json) =>
  ((card.body as Json[]).find((b) => b.type === 'FactSet')?.facts ?? []) as Array<{
    title: string;
    value: string;
  }>;

describe('Teams: times on cards in each reader’s own zone', () => {
  let tt: TeamsTest;
  beforeEach(async () => {
    // Monday 2026-11-23 15:00 UTC.
    tt = await startTeams();
    await tt.install(['tom', 'priya']);
    await tt.seedCustomer({ lastContactAt: '2026-11-20T09:30:00.000Z' });
  });
  afterEach(() => tt.stop());

  it('the channel card gives the handover, deadlines and last contact as DATE and TIME with RFC 3339 Z times', async () => {
    const post = await handOver(tt);
    const card = cardOf(post);
    const body = card.body as Json[];
    expect(body[1]?.text).toBe(`Handed over by Dana Reyes · ${dateTime('2026-11-23T15:00:00Z')}`);
    const value = (title: string) => facts(card).find((f) => f.title === title)?.value;
    expect(value('Accept by')).toBe(dateTime('2026-11-24T10:30:00Z'));
    expect(value('First contact by')).toBe(dateTime('2026-11-25T15:00:00Z'));
    expect(value('Last contact')).toBe(dateTime('2026-11-20T09:30:00Z'));
    const moments = momentsIn(cardText(card));
    expect(moments.length).toBeGreaterThanOrEqual(8);
    for (const m of moments) expect(m).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // The notification preview keeps the plain text.
    expect(JSON.stringify(post.body.summary ?? '')).not.toContain('{{');
    expect(card.fallbackText).not.toContain('{{');
  });
});

describe('Teams date functions', () => {
  const ctx: ActionContext = {
    locale: 'en',
    snoozeMax: 'P1D',
    reader: 'team:delivery',
    kind: 'card',
    people: () => [{ title: 'Omar Haddad', value: 'omar' }],
    sender: () => 'Dana Reyes',
  };

  it('outside text cannot write one (the control: Baton’s own moments are written as one)', () => {
    const written = '{{DATE(2017-02-14T06:00:00Z, SHORT)}}';
    const built = buildHandoffCard({
      handoff: handoff({ context: { summary: `Kickoff ${written}`, goLiveDate: '2027-01-15' } }),
      customer: customer(),
      dir,
      reader: NY,
      now: new Date(plus(T0, HOUR)),
    });
    const card = renderCard(built, ctx);
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('Kickoff {\u200B{DATE(2017-02-14T06:00:00Z, SHORT)}}');
    expect(text).not.toContain(written);
    expect(momentsIn(text)).not.toContain('2017-02-14T06:00:00Z');
    expect(text).toContain(`Handed over by Dana Reyes · ${dateTime('2026-11-23T12:00:00Z')}`);
  });

  it('a reminder’s due line is a date function, overdue or not', () => {
    const reader = { person: 'omar', locale: 'en', timeZone: 'Europe/London' };
    const entry = { followUp: followUp(), handoff: handoff(), customer: customer() };
    const due = renderNotice(buildNotice({ kind: 'nudge', items: [entry], dir, reader, now: new Date(T0) }), {
      ...ctx,
      kind: 'notice',
    });
    expect(cardProblems(due)).toEqual([]);
    expect(cardText(due)).toContain(`⏰ Due ${dateTime('2026-11-23T16:00:00Z')}`);
    const late = buildNotice({
      kind: 'nudge',
      items: [entry],
      dir,
      reader,
      now: new Date(plus(T0, 5 * HOUR)),
    });
    expect(cardText(renderNotice(late, { ...ctx, kind: 'notice' }))).toContain(
      `⏰ Overdue since ${dateTime('2026-11-23T16:00:00Z')}`,
    );
  });
});

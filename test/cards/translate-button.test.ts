import { describe, expect, it } from 'vitest';
import { buildHandoffCard } from '../../src/cards/build-card.js';
import { buildNotice } from '../../src/cards/build-notice.js';
import { parseTranslateValue } from '../../src/cards/model.js';
import { customer, dir, followUp, HOUR, handoff, NY, plus, T0 } from './fixtures.js';

const NOW = new Date(plus(T0, 2 * HOUR));
/** A handoff whose people wrote nothing: amounts, dates and names only. */
function silent() {
  const { note: _note, ...rest } = handoff({
    context: { dealValue: 1000, goLiveDate: '2027-01-15' },
    notes: [],
  });
  return rest;
}

describe('the Translate button in the builders', () => {
  it('is on a card with free text only when a provider is set up, naming the handoff', () => {
    const h = handoff();
    const on = buildHandoffCard({
      handoff: h,
      customer: customer(),
      dir,
      reader: NY,
      now: NOW,
      translation: true,
    });
    expect(on.translate?.label).toBe('Translate');
    expect(parseTranslateValue(on.translate?.value ?? '')).toEqual({ handoffId: h.id });
    const off = buildHandoffCard({ handoff: h, customer: customer(), dir, reader: NY, now: NOW });
    expect(off.translate).toBeUndefined();
    const nothing = buildHandoffCard({
      handoff: silent(),
      customer: customer(),
      dir,
      reader: NY,
      now: NOW,
      translation: true,
    });
    expect(nothing.translate).toBeUndefined();
    const korean = buildHandoffCard({
      handoff: h,
      customer: customer(),
      dir,
      reader: { locale: 'ko', timeZone: 'Asia/Seoul' },
      now: NOW,
      translation: true,
    });
    expect(korean.translate?.label).toBe('번역');
  });

  it('is on a reminder item with free text, and only then', () => {
    const reader = { person: 'omar', locale: 'en', timeZone: 'Europe/London' };
    const entry = (h = handoff()) => ({ followUp: followUp(), handoff: h, customer: customer() });
    const on = buildNotice({ kind: 'nudge', items: [entry()], dir, reader, now: NOW, translation: true });
    expect(on.items[0]?.translate?.value).toBe(`handoff:${handoff().id}`);
    const off = buildNotice({ kind: 'nudge', items: [entry()], dir, reader, now: NOW });
    expect(off.items[0]?.translate).toBeUndefined();
    const nothing = buildNotice({
      kind: 'nudge',
      items: [entry(silent())],
      dir,
      reader,
      now: NOW,
      translation: true,
    });
    expect(nothing.items[0]?.translate).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { batonRegistry } from '../../app/registry.js';
import { buildHandoffCard } from '../../src/cards/build-card.js';
import { createDirectory, type Directory } from '../../src/config/directory.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { Customer, Handoff } from '../../src/domain/types.js';
import { type Playbook, playbookSchema } from '../../src/playbooks/schema.js';
import { customer, HOUR, handoff, NY, plus, SEOUL_KO, T0 } from './fixtures.js';

const NOW = new Date(plus(T0, HOUR));

const people = {
  dana: { name: 'Dana Reyes', team: 'sales', languages: ['en'] },
  priya: { name: 'Priya Shah', team: 'delivery', languages: ['en'] },
  omar: { name: 'Omar Haddad', team: 'delivery', languages: ['en', 'ar'] },
  jiwoo: { name: 'Ji-woo Park', team: 'care', languages: ['ko'] },
};

/** The organisation as a config says it; `extra` people join it (a speaker hired). */
function directory(extra: Record<string, unknown> = {}, languages: Record<string, string> = {}): Directory {
  const config = {
    defaults: { locale: 'en', timezone: 'Europe/London' },
    teams: {
      sales: { name: 'Sales', lead: 'dana' },
      delivery: { name: 'Delivery', lead: 'priya' },
      care: { name: 'Customer Care', lead: 'jiwoo' },
    },
    people: { ...people, ...extra },
  };
  const pb: Playbook = {
    ...playbookSchema.parse({ from: 'sales', to: 'delivery', assign: 'round-robin', languages }),
    id: 'sales-to-delivery',
    file: 'handoffs/sales-to-delivery.yaml',
  };
  return createDirectory(parseConfig(config, 'test', batonRegistry.platforms), [pb], batonRegistry);
}

function gapOf(dir: Directory, h: Partial<Handoff> = {}, c: Partial<Customer> = {}, reader = NY) {
  return buildHandoffCard({
    handoff: handoff({ context: { summary: 'x' }, ...h }),
    customer: customer(c),
    dir,
    reader,
    now: NOW,
  }).languageGap;
}

describe('the language-gap banner, worked out whenever the card is drawn', () => {
  it('says nobody in the team speaks the customer’s language, in the reader’s words', () => {
    const dir = directory();
    expect(gapOf(dir)).toBe('Nobody in Delivery speaks Korean');
    expect(gapOf(dir, {}, {}, SEOUL_KO)).toBe('Delivery에는 한국어를 하는 사람이 없습니다');
    const card = buildHandoffCard({ handoff: handoff(), customer: customer(), dir, reader: NY, now: NOW });
    expect(card.fallback).toContain('Nobody in Delivery speaks Korean');
  });

  it('goes once a speaker is in the team, or the handoff is with one', () => {
    expect(
      gapOf(directory({ jae: { name: 'Jae-won Kim', team: 'delivery', languages: ['ko'] } })),
    ).toBeUndefined();
    // Away today: not reachable, so the gap stays.
    const away = {
      jae: { name: 'Jae-won Kim', team: 'delivery', languages: ['ko'], away: { until: '2026-12-31' } },
    };
    expect(gapOf(directory(away))).toBe('Nobody in Delivery speaks Korean');
    // Ji-woo (Care) holds it: she speaks Korean.
    expect(gapOf(directory(), { state: 'accepted', owner: 'jiwoo' })).toBeUndefined();
    // The playbook's fallback person for Korean holds it.
    expect(gapOf(directory({}, { ko: 'omar' }), { assignee: 'omar' })).toBeUndefined();
  });

  it('is not shown for the company’s language, an unrecorded one, or a closed handoff', () => {
    const dir = directory();
    expect(gapOf(dir, {}, { language: 'en-GB' })).toBeUndefined();
    expect(gapOf(dir, {}, { language: undefined })).toBeUndefined();
    expect(gapOf(dir, { state: 'done' })).toBeUndefined();
    // The handoff's context is newer than the customer record: an Arabic customer, whom Omar serves.
    expect(gapOf(dir, { context: { summary: 'x', language: 'ar-EG' } })).toBeUndefined();
    expect(gapOf(dir, { context: { summary: 'x', language: 'ja' } }, { language: undefined })).toBe(
      'Nobody in Delivery speaks Japanese',
    );
  });
});

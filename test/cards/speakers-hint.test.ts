import { describe, expect, it } from 'vitest';
import { batonRegistry } from '../../app/registry.js';
import { formLanguage, offeredLanguageSchema } from '../../src/cards/form-language.js';
import { formSpeakersHint, reassignChoices, reassignHint } from '../../src/cards/speakers-hint.js';
import { createDirectory } from '../../src/config/directory.js';
import { parseConfig } from '../../src/config/load-config.js';
import { dir } from './fixtures.js';

// The fixture: Delivery (Priya, Omar) speaks no Korean; Customer Care's Ji-woo Park does.
const withJae = createDirectory(
  parseConfig(
    {
      defaults: { locale: 'en', timezone: 'UTC' },
      teams: {
        sales: { name: 'Sales', lead: 'dana' },
        delivery: { name: 'Delivery', lead: 'priya' },
        care: { name: 'Customer Care', lead: 'jiwoo', locale: 'ko' },
      },
      people: {
        dana: { name: 'Dana Reyes', team: 'sales', languages: ['en'] },
        priya: { name: 'Priya Shah', team: 'delivery', languages: ['en', 'hi'] },
        jae: { name: 'Jae-won Kim', team: 'delivery', languages: ['ko-KR'] },
        tom: { name: 'Tom Becker', team: 'delivery', languages: ['en', 'de'] },
        jiwoo: { name: 'Ji-woo Park', team: 'care', languages: ['ko', 'en'] },
      },
    },
    'test',
    batonRegistry.platforms,
  ),
  [...dir.playbooks, { ...dir.playbooks[0], id: 'delivery-to-care', from: 'delivery', to: 'care' } as never],
  batonRegistry,
);

describe('who speaks the customer language', () => {
  it('over the reassign picker: the speakers in the team', () => {
    expect(reassignHint(withJae, { team: 'delivery', language: 'ko', locale: 'en' })).toBe(
      'Speaks Korean in Delivery: Jae-won Kim',
    );
    expect(reassignHint(withJae, { team: 'delivery', language: 'ko', locale: 'ko' })).toBe(
      'Delivery에서 한국어를 하는 사람: Jae-won Kim',
    );
  });

  it('when nobody in the team speaks it: who does elsewhere, or that nobody does', () => {
    expect(reassignHint(dir, { team: 'delivery', language: 'ko-KR', locale: 'en' })).toBe(
      'Nobody in Delivery speaks Korean: Customer Care has Ji-woo Park',
    );
    expect(reassignHint(dir, { team: 'delivery', language: 'ja', locale: 'ko' })).toBe(
      '아직 일본어를 하는 사람이 없습니다',
    );
    expect(reassignHint(dir, { team: 'delivery', language: undefined, locale: 'en' })).toBeUndefined();
  });

  it('the reassign choices: speakers first and labelled, not the person who has it', () => {
    const { people } = reassignChoices(withJae, {
      handoff: { to: 'delivery', assignee: 'tom' },
      language: 'ko',
      locale: 'en',
    });
    expect(people.map((p) => p.label)).toEqual(['Jae-won Kim · speaks Korean', 'Priya Shah']);
  });

  it('on the form: per receiving team, the form team first; nothing without a language', () => {
    expect(formSpeakersHint(withJae, { toTeam: 'care', language: 'ko', locale: 'en' })).toBe(
      'Who speaks Korean: Customer Care — Ji-woo Park; Delivery — Jae-won Kim',
    );
    expect(formSpeakersHint(dir, { toTeam: 'delivery', language: 'ko', locale: 'ko' })).toBe(
      '한국어를 하는 사람: Delivery(없음)',
    );
    expect(
      formLanguage(dir, { current: undefined, locale: 'en', toTeam: 'delivery' }).speakers,
    ).toBeUndefined();
  });

  it('a submitted language must be one the form offered', () => {
    const offered = offeredLanguageSchema(dir, 'haw');
    expect(offered.safeParse('ko').success).toBe(true);
    expect(offered.safeParse('haw').success).toBe(true);
    expect(offered.safeParse('xx').success).toBe(false);
    expect(offered.safeParse('Korean').success).toBe(false);
    expect(offeredLanguageSchema(dir, undefined).safeParse('haw').success).toBe(false);
  });
});

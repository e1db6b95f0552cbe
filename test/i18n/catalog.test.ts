import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { JOSA_MARKERS, josa } from '../../src/i18n/josa.js';
import { ko } from '../../src/i18n/ko.js';
import {
  catalogLanguage,
  fieldLabel,
  formatDate,
  formatDateTime,
  formatMoney,
  formatRelative,
  humanizeField,
  languageName,
  type MessageKey,
  placeholders,
  replyKey,
  t,
} from '../../src/i18n/translate.js';

const keys = Object.keys(en) as MessageKey[];

describe('the Korean catalog', () => {
  it('has exactly the keys of the English one, none empty', () => {
    expect(Object.keys(ko).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(en[key].trim(), key).not.toBe('');
      expect(ko[key].trim(), key).not.toBe('');
    }
  });

  it('keeps every placeholder of each English message, and adds none', () => {
    const mismatched = keys.filter((k) => placeholders(en[k]).join() !== placeholders(ko[k]).join());
    expect(mismatched).toEqual([]);
  });

  it('is translated, not copied: only pure layout strings may equal English', () => {
    const layoutOnly = new Set<MessageKey>([
      'card.title',
      'card.titleSameTeam',
      'card.noteLine',
      'card.fallback',
      'language.label',
      'view.handoffLine',
      'note.noted',
    ]);
    const copied = keys.filter((k) => ko[k] === en[k] && !layoutOnly.has(k));
    expect(copied).toEqual([]);
  });

  it('writes particles only right after a placeholder, where they can be resolved', () => {
    for (const key of keys) {
      const stray = ko[key].replace(/\{\w+\}(을\(를\)|이\(가\)|은\(는\)|와\(과\)|\(으\)로)/g, '');
      for (const marker of JOSA_MARKERS) expect(stray.includes(marker), `${key}: ${marker}`).toBe(false);
    }
  });
});

describe('replies', () => {
  const codes = [
    'CUSTOMER_NOT_FOUND',
    'CUSTOMER_AMBIGUOUS',
    'TEAM_NOT_FOUND',
    'PERSON_NOT_FOUND',
    'NO_PLAYBOOK',
    'ALREADY_WITH_TEAM',
    'NOT_ALLOWED',
    'UNKNOWN_USER',
    'ALREADY_ACCEPTED',
    'ALREADY_IN_STATE',
    'WRONG_STATE',
    'STALE_CARD',
    'MISSING_FIELDS',
    'SNOOZE_LIMIT',
    'HANDOFF_NOT_FOUND',
    'INVALID_INPUT',
    'CONFIRM_FORGET',
    'FORGOTTEN',
  ];

  it('has a message for every service outcome code', () => {
    expect(codes.filter((c) => replyKey(c) !== `reply.${c}`)).toEqual([]);
  });

  it('answers an unknown code with the generic apology, never with nothing', () => {
    expect(replyKey('NO_SUCH_CODE')).toBe('reply.INTERNAL');
    expect(t('en', replyKey('NO_SUCH_CODE'))).toMatch(/try again/);
  });

  it('fills in what the person needs to fix the problem', () => {
    expect(
      t('en', 'reply.CUSTOMER_NOT_FOUND', { query: 'Acmee', suggestions: 'Acme Corp or Acne Ltd' }),
    ).toBe('I could not find a customer called "Acmee". Did you mean Acme Corp or Acne Ltd?');
    expect(t('en', 'reply.NO_PLAYBOOK', { from: 'Sales', to: 'Care', pairs: 'Sales → Delivery' })).toContain(
      'No playbook hands from Sales to Care; playbooks exist for: Sales → Delivery',
    );
    expect(t('en', 'reply.UNKNOWN_USER', { platform: 'Slack', userId: 'U0X' })).toContain(
      'ask an admin to add you under people',
    );
  });
});

describe('t', () => {
  it('picks the catalog by the language of the locale, English for the rest', () => {
    expect(t('ko-KR', 'action.accept')).toBe('수락');
    expect(t('KO', 'action.accept')).toBe('수락');
    expect(t('es', 'action.accept')).toBe('Accept');
    expect(t('not a locale!', 'action.accept')).toBe('Accept');
    expect(catalogLanguage('ko_KR')).toBe('ko');
  });

  it('formats numbers for the locale and leaves a missing value visible', () => {
    expect(t('en', 'digest.title', { count: 1200 })).toBe('You have 1,200 follow-ups due');
    expect(t('en', 'ok.handoffSent', { customer: 'Acme' })).toBe('Handoff of Acme sent to {team}.');
  });

  it('chooses Korean particles by how the value ends', () => {
    const notice = (code: string) => t('ko', 'language.notice', { language: languageName(code, 'ko') });
    expect(notice('ko')).toBe('고객이 한국어를 선호합니다. 한국어로 응대하세요');
    expect(t('ko', 'ok.reassigned', { person: '민호', customer: '영업팀' })).toBe(
      '이제 민호님이 영업팀을 담당합니다.',
    );
    expect(t('ko', 'reply.NO_PLAYBOOK', { from: 'Sales', to: '서울', pairs: '-' })).toContain(
      'Sales에서 서울로',
    );
    expect(t('ko', 'reply.NO_PLAYBOOK', { from: 'Sales', to: '삼성', pairs: '-' })).toContain('삼성으로');
    expect(t('ko', 'proposal.text', { customer: 'Acme Corp', team: 'Care' })).toMatch(/^Acme Corp가 /);
    expect(josa('CRM', '을(를)')).toBe('을');
    expect(josa('Slack', '와(과)')).toBe('과');
    expect(josa('3', '이(가)')).toBe('이');
    expect(josa('日本', '을(를)')).toBe('을(를)');
  });
});

describe('formatting', () => {
  const at = new Date('2026-11-24T20:00:00Z');

  it('writes date and time in the reader zone with its short name', () => {
    expect(formatDateTime(at, 'en', 'America/New_York')).toBe('Nov 24, 2026, 3:00 PM EST');
    expect(formatDateTime(at, 'ko-KR', 'Asia/Seoul')).toBe('2026년 11월 25일 오전 5:00 GMT+9');
    expect(formatDateTime('not a date', 'en', 'UTC')).toBe('not a date');
    expect(formatDateTime(at, 'en', 'Not/AZone')).toBe('Nov 24, 2026, 8:00 PM UTC');
  });

  it('reads every time of one minute alike, and the next minute as the next (texts are kept per minute)', () => {
    const read = (iso: string) => formatDateTime(iso, 'en', 'Asia/Kolkata');
    expect(read('2026-11-24T20:00:00.000Z')).toBe('Nov 25, 2026, 1:30 AM GMT+5:30');
    expect(read('2026-11-24T20:00:59.999Z')).toBe('Nov 25, 2026, 1:30 AM GMT+5:30');
    expect(read('2026-11-24T20:01:00.000Z')).toBe('Nov 25, 2026, 1:31 AM GMT+5:30');
    expect(read('2026-11-24T19:59:59.999Z')).toBe('Nov 25, 2026, 1:29 AM GMT+5:30');
    // The same minute for another reader is their own text.
    expect(formatDateTime('2026-11-24T20:00:30.000Z', 'en', 'UTC')).toBe('Nov 24, 2026, 8:00 PM UTC');
  });

  it('keeps a calendar date on its day whatever the zone', () => {
    expect(formatDate('2027-01-15', 'en', 'America/Los_Angeles')).toBe('Jan 15, 2027');
    expect(formatDate('2027-01-15', 'ko', 'Asia/Seoul')).toBe('2027년 1월 15일');
  });

  it('says how far away a moment is', () => {
    expect(formatRelative(new Date('2026-11-24T23:00:00Z'), at, 'en')).toBe('in 3 hours');
    expect(formatRelative(new Date('2026-11-22T20:00:00Z'), at, 'en')).toBe('2 days ago');
    expect(formatRelative(new Date('2026-11-24T17:00:00Z'), at, 'ko')).toBe('3시간 전');
  });

  it('names languages and money for the reader', () => {
    expect(languageName('ko', 'en')).toBe('Korean');
    expect(languageName('ko', 'ko')).toBe('한국어');
    expect(languageName('!!', 'en')).toBe('!!');
    expect(formatMoney(120000, 'en')).toBe('$120,000');
    expect(formatMoney(99.5, 'en', 'EUR')).toBe('€99.50');
  });

  it('labels known fields in the reader language and makes unknown ones readable', () => {
    expect(fieldLabel('goLiveDate', 'en')).toBe('Go-live date');
    expect(fieldLabel('goLiveDate', 'ko')).toBe('오픈 예정일');
    expect(fieldLabel('implementationPartner', 'ko')).toBe('Implementation partner');
    expect(humanizeField('CSMName')).toBe('CSM name');
    expect(humanizeField('renewal_date')).toBe('Renewal date');
  });
});

import { describe, expect, it } from 'vitest';
import { isLanguageCode, languageChoices } from '../../src/i18n/languages.js';

describe('the languages a form offers', () => {
  it('preselects the primary language of a regional tag: ko-KR is Korean', () => {
    const { choices, selected } = languageChoices({ spoken: ['en'], locale: 'en', current: 'ko-KR' });
    expect(selected).toBe('ko');
    expect(choices.find((c) => c.code === 'ko')?.label).toBe('Korean · 한국어');
    expect(choices.filter((c) => c.code === 'ko')).toHaveLength(1);
  });

  it('offers a language someone in the config serves even when it is not a common one, first', () => {
    const { choices } = languageChoices({ spoken: ['en', 'sw-KE'], locale: 'en' });
    expect(choices.map((c) => c.code)).toContain('sw');
    // Languages somebody speaks come first, in the reader's alphabetical order.
    expect(choices.slice(0, 2).map((c) => c.label)).toEqual(['English', 'Swahili · Kiswahili']);
    expect(choices.length).toBeGreaterThanOrEqual(30);
    expect(choices.length).toBeLessThanOrEqual(100);
  });

  it("keeps the customer's rare language even when nobody speaks it", () => {
    const { choices, selected } = languageChoices({ spoken: [], locale: 'en', current: 'haw' });
    expect(selected).toBe('haw');
    expect(choices.map((c) => c.code)).toContain('haw');
  });

  it('labels for a Korean reader in Korean, sorted in Korean order', () => {
    const { choices } = languageChoices({ spoken: [], locale: 'ko' });
    const korean = choices.find((c) => c.code === 'ko');
    expect(korean?.label).toBe('한국어');
    expect(choices.find((c) => c.code === 'ja')?.label).toBe('일본어 · 日本語');
    const labels = choices.map((c) => c.label);
    expect(labels).toEqual([...labels].sort(new Intl.Collator('ko').compare));
  });

  it('tells a language code from text that is none', () => {
    for (const ok of ['ko', 'pt-BR', 'zh-Hant-TW', 'fil', 'en_US']) expect(isLanguageCode(ok), ok).toBe(true);
    for (const bad of ['', 'Korean', 'xx', 'k', '12', 'ko-', 'english'])
      expect(isLanguageCode(bad), bad).toBe(false);
  });
});

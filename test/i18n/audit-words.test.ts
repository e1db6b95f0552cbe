import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { ko } from '../../src/i18n/ko.js';
import { isMessageKey } from '../../src/i18n/translate.js';
import { AUDIT_ACTIONS } from '../../src/services/audit.js';
import { AUDIT_WORDS } from '../../src/views/timeline.js';

describe('audit actions on the customer timeline', () => {
  it('every action the code can write has words in English and Korean', () => {
    // AUDIT_ACTIONS is the list the audit builders are typed by: an action missing from it cannot be written.
    expect(AUDIT_ACTIONS.length).toBeGreaterThan(15);
    const missing = AUDIT_ACTIONS.filter((a) => {
      const key = AUDIT_WORDS[a];
      return !key || !isMessageKey(key) || !en[key]?.trim() || !ko[key]?.trim();
    });
    expect(missing).toEqual([]);
  });

  it('control: an action outside the list has no words, so the check above can fail', () => {
    const words: Record<string, string | undefined> = AUDIT_WORDS;
    expect(words['customer.merged']).toBeUndefined();
  });
});

/**
 * Korean particles change with the sound that ends the word before them
 * ("한국어를" but "영업팀을"). Catalog strings mark them as `을(를)` etc. right
 * after a placeholder; the interpolated value decides which form is used.
 */
export const JOSA_MARKERS = ['을(를)', '이(가)', '은(는)', '와(과)', '(으)로'] as const;
export type JosaMarker = (typeof JOSA_MARKERS)[number];

/** How a word ends when read aloud: no final consonant, final ㄹ, or another final consonant. */
type Ending = 'vowel' | 'rieul' | 'consonant';

const FORMS: Record<JosaMarker, Record<Ending, string>> = {
  '을(를)': { vowel: '를', rieul: '을', consonant: '을' },
  '이(가)': { vowel: '가', rieul: '이', consonant: '이' },
  '은(는)': { vowel: '는', rieul: '은', consonant: '은' },
  '와(과)': { vowel: '와', rieul: '과', consonant: '과' },
  // ㄹ takes 로, not 으로: "서울로", "영업팀으로".
  '(으)로': { vowel: '로', rieul: '로', consonant: '으로' },
};

// How digits are read in Sino-Korean: 영 일 이 삼 사 오 육 칠 팔 구.
const DIGIT_ENDINGS: readonly Ending[] = [
  'consonant',
  'rieul',
  'vowel',
  'consonant',
  'vowel',
  'vowel',
  'consonant',
  'rieul',
  'rieul',
  'vowel',
];

/**
 * Best guess at how a name ends when a Korean speaker reads it. Hangul and
 * digits are exact; Latin names follow loanword habits (final m/n/ng/ck keep a
 * consonant, final l is ㄹ, most other endings gain a vowel: "Corp" → 코프).
 * Returns undefined when there is no sensible guess (other scripts).
 */
export function wordEnding(word: string): Ending | undefined {
  const trimmed = word.replace(/[^\p{L}\p{N}]+$/u, '');
  const last = trimmed.at(-1);
  if (!last) return undefined;
  const code = last.codePointAt(0) ?? 0;
  if (code >= 0xac00 && code <= 0xd7a3) {
    const jong = (code - 0xac00) % 28;
    if (jong === 0) return 'vowel';
    return jong === 8 ? 'rieul' : 'consonant';
  }
  if (last >= '0' && last <= '9') return DIGIT_ENDINGS[Number(last)];
  if (!/[A-Za-z]/.test(last)) return undefined;
  const lastWord = /[A-Za-z]+$/.exec(trimmed)?.[0] ?? last;
  if (lastWord.length <= 5 && lastWord === lastWord.toUpperCase()) {
    // An acronym is read letter by letter: L 엘, M 엠, N 엔, R 알.
    if (last === 'L' || last === 'R') return 'rieul';
    return last === 'M' || last === 'N' ? 'consonant' : 'vowel';
  }
  const lower = lastWord.toLowerCase();
  if (lower.endsWith('l')) return 'rieul';
  if (/(m|n|ng|ck)$/.test(lower)) return 'consonant';
  return 'vowel';
}

/** The particle to write after `word`; the marker itself when the ending cannot be guessed. */
export function josa(word: string, marker: JosaMarker): string {
  const ending = wordEnding(word);
  return ending ? FORMS[marker][ending] : marker;
}

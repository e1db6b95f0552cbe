import { describe, expect, it } from 'vitest';
import { createLiveDirectory } from '../../src/config/live-directory.js';
import { reachableSpeakers, speakersIn } from '../../src/domain/languages.js';
import { coverageDirectory } from '../fixtures/languages/org.js';

describe("a team's speakers of a customer's language", () => {
  it('are the members who list it, a regional variant serving its language', () => {
    const dir = coverageDirectory();
    expect(speakersIn(dir, 'delivery', 'ko')).toEqual(['jae']);
    expect(speakersIn(dir, 'delivery', 'ko-KR')).toEqual(['jae']);
    expect(speakersIn(dir, 'delivery', 'en')).toEqual(['priya']);
    expect(speakersIn(dir, 'care', 'ko')).toEqual([]);
    expect(reachableSpeakers(dir, 'care', 'ja', '2031-03-03')).toEqual(['mia']);
  });

  it('follow a reloaded config: someone who now lists the language is found, one who dropped it is not', () => {
    const live = createLiveDirectory(coverageDirectory());
    expect(speakersIn(live, 'care', 'ko')).toEqual([]);
    expect(speakersIn(live, 'delivery', 'ko')).toEqual(['jae']);
    live.replaceBase(coverageDirectory({ languagesOf: { leo: ['en', 'ko'], jae: ['en'] } }));
    expect(speakersIn(live, 'care', 'ko')).toEqual(['leo']);
    expect(speakersIn(live, 'delivery', 'ko')).toEqual([]);
  });
});

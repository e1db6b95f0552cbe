import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeOutside as slackEscape } from '../../../adapters/slack/escape.js';
import { escapeOutside as teamsEscape } from '../../../adapters/teams/escape.js';
import { liveIn, SLACK_HOSTILE, SLACK_LIVE_IN_PLAIN, TEAMS_HOSTILE, TEAMS_LIVE } from './live-tokens.js';
import { slackShown, teamsShown } from './shown.js';

describe('escaped text reads as it was written', () => {
  it('Slack: & < > as entities, once (Slack shows &amp; as &), nothing else changed but invisible spaces', () => {
    expect(slackEscape('Q&A <R&D> &amp;')).toBe('Q&amp;A &lt;R&amp;D&gt; &amp;amp;');
    expect(slackEscape(SLACK_HOSTILE)).toBe(
      '&lt;!channel&gt; &lt;https://evil.example/login|Slack: re-authenticate&gt;',
    );
    // Marks inside a word format nothing in Slack and stay, so an address copies as it is.
    expect(slackEscape('jo_doe@acme.example')).toBe('jo_doe@acme.example');
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (raw) => {
        const out = slackEscape(raw);
        expect(slackShown(out)).toBe(raw.replace(/\u200B/g, ''));
        expect(liveIn(out, SLACK_LIVE_IN_PLAIN)).toEqual([]);
      }),
    );
  });

  it('Teams: links, tags and mentions never form; only * ~ ` become look-alikes', () => {
    expect(teamsShown(teamsEscape('Q&A <R&D> jo_doe@acme.example'))).toBe('Q&A <R&D> jo_doe@acme.example');
    expect(teamsShown(teamsEscape(TEAMS_HOSTILE))).toBe(TEAMS_HOSTILE);
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (raw) => {
        const out = teamsEscape(raw);
        expect(teamsShown(out).length).toBe(raw.replace(/\u200B/g, '').length);
        expect(liveIn(out, TEAMS_LIVE).filter((d) => !/bold|italic|strike|code/.test(d))).toEqual([]);
      }),
    );
  });
});

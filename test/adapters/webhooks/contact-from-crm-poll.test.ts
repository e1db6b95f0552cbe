import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pollEvery, tokenBucket } from '../../../adapters/webhooks/hubspot-poll.js';
import { batonRegistry } from '../../../app/registry.js';
import { manualClock } from '../../../src/clock.js';
import { parseEnv } from '../../../src/config/env.js';
import { FIXTURES, startWebhookBaton } from './support.js';

describe('HUBSPOT_POLL_ENGAGEMENTS', () => {
  it('reads 5m, 90s, 1h and PT5M, and refuses what is under 30 seconds or not a duration', () => {
    expect(pollEvery('5m')).toBe(300_000);
    expect(pollEvery('90s')).toBe(90_000);
    expect(pollEvery('1h')).toBe(3_600_000);
    expect(pollEvery('PT5M')).toBe(300_000);
    expect(pollEvery('10s')).toBeUndefined();
    expect(pollEvery('often')).toBeUndefined();
    expect(pollEvery('PT')).toBeUndefined();
    const env = (v: string) =>
      parseEnv(
        { BATON_CONFIG: path.join(FIXTURES, 'baton.config.yaml'), HUBSPOT_POLL_ENGAGEMENTS: v },
        batonRegistry,
      );
    expect(() => env('10s')).toThrow(/HUBSPOT_POLL_ENGAGEMENTS/);
    expect(() => env('5m')).not.toThrow();
    expect(() => env('off')).not.toThrow();
  });

  it('keeps the poller under its budget: a full bucket, then one request per refill', () => {
    const clock = manualClock('2026-11-23T15:00:00Z');
    const bucket = tokenBucket(clock, 40, 10_000);
    let taken = 0;
    while (bucket.take()) taken++;
    expect(taken).toBe(40);
    clock.advance(250);
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('says in baton check whether engagements are read', async () => {
    const t = await startWebhookBaton({
      env: { HUBSPOT_ACCESS_TOKEN: 'pat-na1-x', HUBSPOT_POLL_ENGAGEMENTS: '5m' },
    });
    try {
      const lines = (await t.baton.adapters.find((a) => a.name === 'webhooks')?.check?.()) ?? [];
      expect(lines).toContain('ok   webhooks: HubSpot engagements are read every 5m');
    } finally {
      await t.stop();
    }
    const u = await startWebhookBaton({ env: { HUBSPOT_POLL_ENGAGEMENTS: '5m' } });
    try {
      const lines = (await u.baton.adapters.find((a) => a.name === 'webhooks')?.check?.()) ?? [];
      expect(lines.join('\n')).toContain('HUBSPOT_POLL_ENGAGEMENTS is set but HUBSPOT_ACCESS_TOKEN is not');
    } finally {
      await u.stop();
    }
  });
});

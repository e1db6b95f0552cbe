import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hubspotWriter } from '../../adapters/crm-hubspot/writer.js';
import { salesforceWriter } from '../../adapters/crm-salesforce/writer.js';
import { batonRegistry } from '../../app/registry.js';
import { optional, parseEnv } from '../../src/config/env.js';
import { connectedRecordWriters, createRegistry, secretEnvOf } from '../../src/registry/registry.js';
import { REPO, tempDir } from '../support/harness.js';
import { startWriteBackTest, type WriteBackTest } from './crm-writeback/setup.js';
import { handoffVia, messageIn } from './slack/helpers.js';

const SALESFORCE = {
  SALESFORCE_LOGIN_URL: 'https://acme.my.salesforce.com',
  SALESFORCE_CLIENT_ID: 'id',
  SALESFORCE_CLIENT_SECRET: 'secret',
};

describe('CRM write-back: switching it on', () => {
  it('is on only when switched on: HubSpot by HUBSPOT_WRITE_BACK=on, Salesforce with all three variables', () => {
    const on = (vars: Record<string, string>) =>
      connectedRecordWriters(batonRegistry, parseEnv(vars, batonRegistry)).map((w) => w.name);
    expect(on({})).toEqual([]);
    // A token alone (the webhooks' read token) writes nothing.
    expect(on({ HUBSPOT_ACCESS_TOKEN: 'pat-1' })).toEqual([]);
    expect(on({ HUBSPOT_WRITE_BACK: 'on', HUBSPOT_ACCESS_TOKEN: 'pat-1' })).toEqual(['hubspot']);
    expect(on({ HUBSPOT_WRITE_BACK: 'off', ...SALESFORCE })).toEqual(['salesforce']);
    expect(on({ ...SALESFORCE, SALESFORCE_CLIENT_SECRET: '' })).toEqual([]);
    expect(() => parseEnv({ HUBSPOT_WRITE_BACK: 'yes' }, batonRegistry)).toThrow(/HUBSPOT_WRITE_BACK/);
    expect(() => parseEnv({ SALESFORCE_LOGIN_URL: 'acme.my.salesforce.com' }, batonRegistry)).toThrow(
      /SALESFORCE_LOGIN_URL.*My Domain URL/s,
    );
    expect(secretEnvOf(batonRegistry)).toContain('SALESFORCE_CLIENT_SECRET');
  });

  it('keeps writer names apart from platforms and each variable with one reader', () => {
    const [slack] = batonRegistry.platforms;
    if (!slack) throw new Error('no platform');
    expect(() =>
      createRegistry({
        platforms: [slack],
        sources: [],
        recordWriters: [{ ...hubspotWriter, name: 'slack' }],
      }),
    ).toThrow(/Record writer name "slack" is taken/);
    // The token is the webhook source's: a writer declaring it again is refused.
    expect(() =>
      createRegistry({
        platforms: [],
        sources: batonRegistry.sources,
        recordWriters: [{ ...hubspotWriter, env: { HUBSPOT_ACCESS_TOKEN: optional } }],
      }),
    ).toThrow(/HUBSPOT_ACCESS_TOKEN is read by both hubspot and hubspot/);
    expect(() =>
      createRegistry({ platforms: [], sources: [], recordWriters: [salesforceWriter, salesforceWriter] }),
    ).toThrow(/salesforce/);
  });
});

describe('CRM write-back: baton check', () => {
  let s: WriteBackTest | undefined;
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  it('says write-back is on and can sign in', async () => {
    s = await startWriteBackTest();
    const lines = await Promise.all(s.t.baton.adapters.map(async (a) => (await a.check?.()) ?? []));
    expect(lines.flat()).toEqual(
      expect.arrayContaining([
        `ok   hubspot write-back on: notes on deals and companies through ${s.hubspot.url}`,
        `ok   salesforce write-back on: tasks on opportunities and accounts through ${s.salesforce.url}`,
      ]),
    );
    expect(s.salesforce.calls).toContain('GET /services/data/v62.0/limits');
  });

  it('names the URL and the cause when a CRM refuses', async () => {
    s = await startWriteBackTest({
      env: { HUBSPOT_ACCESS_TOKEN: 'pat-revoked', SALESFORCE_CLIENT_SECRET: 'wrong-secret' },
    });
    const byName = new Map(s.t.baton.adapters.map((a) => [a.name, a]));
    const hubspot = (await byName.get('hubspot')?.check?.()) ?? [];
    expect(hubspot[0]).toBe(
      `FAIL hubspot write-back: HubSpot refused the token (401) on ${s.hubspot.url}/crm/v3/objects/notes?limit=1: check HUBSPOT_ACCESS_TOKEN and that its app has the crm.objects.deals.write and crm.objects.companies.write scopes`,
    );
    const salesforce = (await byName.get('salesforce')?.check?.()) ?? [];
    expect(salesforce[0]).toMatch(
      /^FAIL salesforce write-back: Salesforce sign-in or limits on http:\/\/127\.0\.0\.1:\d+: .*invalid_client/,
    );
    expect(salesforce[0]).toContain(
      'check SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET',
    );
  });

  it('refuses to start with HUBSPOT_WRITE_BACK=on and no token, saying what to set', async () => {
    await expect(startWriteBackTest({ env: { HUBSPOT_ACCESS_TOKEN: undefined } })).rejects.toThrow(
      /HUBSPOT_WRITE_BACK=on needs HUBSPOT_ACCESS_TOKEN/,
    );
  });
});

describe('CRM write-back: the words', () => {
  it("are in the company's default language and zone, whoever clicked", async () => {
    const tmp = await tempDir('baton-crm-ko-');
    const config = path.join(tmp.dir, 'baton.config.yaml');
    const example = await readFile(path.join(REPO, 'baton.config.example.yaml'), 'utf8');
    await writeFile(
      config,
      example.replace(
        /defaults:\n {2}locale: en\n {2}timezone: America\/New_York/,
        'defaults:\n  locale: ko\n  timezone: Asia/Seoul',
      ),
    );
    const s = await startWriteBackTest({ env: { BATON_CONFIG: config, SALESFORCE_CLIENT_ID: undefined } });
    try {
      await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
      await s.pass();
      const clicked = await s.slack.click(messageIn(s, 'C0DELIVERY', 'Acme Corp'), 'baton:accept', 'U0TOM');
      await s.slack.answer(clicked.responseId);
      await s.pass();
      // Tom reads English; the record is read by the whole company, in Korean here, on Seoul time.
      expect(s.hubspot.notes[0]?.body).toContain(
        'Baton: 2026년 11월 24일 오전 12:00 GMT+9에 Delivery의 Tom Becker님이 Acme Corp 인계를 수락했습니다.',
      );
    } finally {
      await s.stop();
      await tmp.cleanup();
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { batonRegistry } from '../../app/registry.js';
import type { View } from '../../src/cards/model.js';
import { optional } from '../../src/config/env.js';
import { defineTranslationProvider } from '../../src/registry/descriptors.js';
import { createRegistry } from '../../src/registry/registry.js';
import { TRANSLATION_NS } from '../../src/translation/cache.js';
import { mask, unmask } from '../../src/translation/mask.js';
import { TranslationError } from '../../src/translation/translator.js';
import { startTestBaton, type TestBaton } from '../support/harness.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../support/seed.js';

/** Calls the provider got: the texts and the target, as they left Baton. */
const calls: Array<{ texts: string[]; target: string }> = [];
let failNext: TranslationError | undefined;

/** A provider registered only here, answering in-process: what the service does around it is under test. */
const echo = defineTranslationProvider({
  name: 'echo',
  label: 'Echo',
  env: { ECHO_TRANSLATOR_KEY: optional },
  secretEnv: ['ECHO_TRANSLATOR_KEY'],
  redactHeaders: [],
  connected: (env) => Boolean(env.ECHO_TRANSLATOR_KEY),
  create: async () => ({
    label: 'Echo',
    async translate(texts, target) {
      calls.push({ texts: [...texts], target });
      const f = failNext;
      failNext = undefined;
      if (f) throw f;
      return texts.map((x) => `(${target}) ${x}`);
    },
  }),
});

const registry = createRegistry({
  platforms: batonRegistry.platforms,
  sources: batonRegistry.sources,
  translators: [echo],
});

const text = (v: View): string =>
  [v.title, v.subtitle ?? '', ...v.blocks.map((b) => ('text' in b ? b.text : ''))].join('\n');

describe('the translate service', () => {
  let t: TestBaton;
  afterEach(async () => {
    await t.stop();
    calls.length = 0;
  });

  async function start(summary: string, note?: string) {
    t = await startTestBaton({ adapters: async () => [], registry, env: { ECHO_TRANSLATOR_KEY: 'k' } });
    await seedCustomers(t.store, aCustomer('acme', 'Acme Corp', 'sales', { language: 'ko' }));
    const r = await t.baton.services.startHandoff({
      actor: 'sam',
      customer: { id: 'acme' },
      to: { team: 'delivery' },
      context: { ...DELIVERY_CONTEXT, summary },
      ...(note ? { note } : {}),
      source: { kind: 'person' },
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
  }

  it('masks e-mail addresses and phone numbers, puts them back for the reader, and asks once per text and language', async () => {
    await start(
      'Call Min-jun at +82 10-1234-5678 or mj@acme.example & ask <why>.',
      '010.9876.5432 after 3pm',
    );
    const h = (await t.store.listHandoffs({ customerId: 'acme' }))[0];
    const value = `handoff:${h?.id}`;
    const r = await t.baton.services.translate({ value, reader: 'tom' });
    if (!r.ok) throw new Error(JSON.stringify(r.failure));
    expect(text(r.value)).toContain('(en) Call Min-jun at +82 10-1234-5678 or mj@acme.example & ask <why>.');
    expect(text(r.value)).toContain('(en) 010.9876.5432 after 3pm');
    // One call for both texts, holding no address nor number; markup escaped.
    expect(calls).toHaveLength(1);
    const sent = JSON.stringify(calls);
    for (const secret of ['mj@acme.example', '1234-5678', '9876', 'acme.example'])
      expect(sent, secret).not.toContain(secret);
    expect(calls[0]?.texts[0]).toBe('Call Min-jun at <k n="1"/> or <k n="2"/> &amp; ask &lt;why&gt;.');

    // The same texts for another reader of the same language, through the customer: no call. Korean: one more.
    await t.baton.services.translate({ value, reader: 'priya' });
    await t.baton.services.translate({ value: 'customer:acme', reader: 'dana' });
    expect(calls).toHaveLength(1);
    await t.baton.services.translate({ value, reader: 'jiwoo' });
    expect(calls.map((c) => c.target)).toEqual(['en', 'ko']);
  });

  it('does not send text already in the reader script, and an erasure drops kept translations', async () => {
    await start('계약 3년, 보안 설정 먼저', 'Korean speaker only');
    const value = 'customer:acme';
    // Jiwoo reads Korean and is a lead: only the English note goes out.
    const r = await t.baton.services.translate({ value, reader: 'jiwoo' });
    if (!r.ok) throw new Error(JSON.stringify(r.failure));
    expect(calls.map((c) => c.texts)).toEqual([['Korean speaker only']]);
    expect(calls[0]?.target).toBe('ko');
    expect(text(r.value)).toContain('계약 3년, 보안 설정 먼저');
    expect(text(r.value)).toContain('Acme Corp (한국어 번역)\nEcho 기계 번역입니다.');
    expect((await t.store.listKv(TRANSLATION_NS)).length).toBeGreaterThan(0);

    const gone = await t.baton.services.forgetCustomer({
      actor: 'dana',
      customerId: 'acme',
      confirmed: true,
    });
    expect(gone.ok).toBe(true);
    expect(await t.store.listKv(TRANSLATION_NS)).toEqual([]);
  });

  it('a provider failure gives the original and a note, and is not cached; a stranger is refused', async () => {
    await start('Needs SSO first');
    failNext = new TranslationError('TRANSLATION_QUOTA', 'quota used up');
    const r = await t.baton.services.translate({ value: 'customer:acme', reader: 'tom' });
    if (!r.ok) throw new Error(JSON.stringify(r.failure));
    expect(text(r.value)).toContain('Translation unavailable right now: showing the original.');
    expect(text(r.value)).toContain('Needs SSO first');
    expect(r.value.subtitle).toBeUndefined();
    const again = await t.baton.services.translate({ value: 'customer:acme', reader: 'tom' });
    expect(again.ok && text(again.value)).toContain('(en) Needs SSO first');

    const stranger = await t.baton.services.translate({ value: 'customer:acme', reader: 'olivia' });
    expect(stranger.ok ? 'allowed' : stranger.failure.code).toBe('NOT_ALLOWED');
    const bad = await t.baton.services.translate({ value: 'customer:../../etc', reader: 'tom' });
    expect(bad.ok ? 'allowed' : bad.failure.code).toBe('INVALID_INPUT');
  });
});

describe('masking', () => {
  it('keeps addresses and numbers out and restores them, even when a provider drops a tag', () => {
    const m = mask('Mail a.b+c@x.co.kr, call (02) 555-0123 4 or +1 415 555 0100. Deal: 40 seats.');
    expect(m.kept).toEqual(['a.b+c@x.co.kr', '(02) 555-0123 4', '+1 415 555 0100']);
    expect(m.markup).not.toMatch(/@|555/);
    expect(m.markup).toContain('40 seats');
    expect(unmask('Courriel <k n="1"></k>, <k n = "2" />, <k n="3"/>.', m.kept)).toBe(
      'Courriel a.b+c@x.co.kr, (02) 555-0123 4, +1 415 555 0100.',
    );
    expect(unmask('Courriel.', m.kept)).toBe('Courriel. (a.b+c@x.co.kr, (02) 555-0123 4, +1 415 555 0100)');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAzureTranslator } from '../../../adapters/translation/azure-client.js';
import { createDeeplTranslator } from '../../../adapters/translation/deepl-client.js';
import { azureTarget, deeplTarget } from '../../../adapters/translation/languages.js';
import { batonRegistry } from '../../../app/registry.js';
import { parseEnv, secretValues } from '../../../src/config/env.js';
import { envOf, translationProvider } from '../../../src/registry/registry.js';
import { TranslationError } from '../../../src/translation/translator.js';
import {
  AZURE_TOO_MANY,
  AZURE_UNAUTHORIZED,
  DEEPL_QUOTA,
  DEEPL_TOO_MANY,
  FakeAzure,
  FakeDeepl,
} from '../../support/fake-translators.js';

/** The coded reason a provider call failed with. */
async function reasonOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return err instanceof TranslationError ? err.reason : `uncoded: ${String(err)}`;
  }
}

const MARKUP = 'Call <k n="1"/> &amp; ask';

describe('DeepL through deepl-node', () => {
  let fake: FakeDeepl;
  beforeEach(async () => {
    fake = await new FakeDeepl().start();
  });
  afterEach(() => fake.close());
  const client = () => createDeeplTranslator({ authKey: fake.authKey, serverUrl: fake.url });

  it('sends the texts as XML with the kept tags ignored, to the variant DeepL wants', async () => {
    expect(await client().translate([MARKUP, '안녕하세요'], 'en')).toEqual([
      `[en-US] ${MARKUP}`,
      '[en-US] 안녕하세요',
    ]);
    const [req] = fake.requests;
    expect(req?.path).toBe('/v2/translate');
    expect(req?.headers.authorization).toBe(`DeepL-Auth-Key ${fake.authKey}`);
    const form = new URLSearchParams(req?.body);
    expect(form.get('tag_handling')).toBe('xml');
    expect(form.get('ignore_tags')).toBe('k');
    expect(form.get('source_lang')).toBeNull();
    await client().translate(['x'], 'ko-KR');
    expect(fake.requests[1]?.target).toBe('ko');
  });

  it('codes 403, 456, 429 and an unreachable server, without retrying', async () => {
    fake.failures = [DEEPL_QUOTA, DEEPL_TOO_MANY];
    expect(await reasonOf(client().translate(['a'], 'en'))).toBe('TRANSLATION_QUOTA');
    expect(await reasonOf(client().translate(['a'], 'en'))).toBe('TRANSLATION_BUSY');
    expect(fake.requests).toHaveLength(2);
    const wrongKey = createDeeplTranslator({ authKey: 'nope', serverUrl: fake.url });
    expect(await reasonOf(wrongKey.translate(['a'], 'en'))).toBe('TRANSLATION_AUTH');
    const url = fake.url;
    await fake.close();
    const gone = createDeeplTranslator({ authKey: fake.authKey, serverUrl: url });
    expect(await reasonOf(gone.translate(['a'], 'en'))).toBe('TRANSLATION_UNAVAILABLE');
    fake = await new FakeDeepl().start();
  });
});

describe('Azure AI Translator REST v3', () => {
  let fake: FakeAzure;
  beforeEach(async () => {
    fake = await new FakeAzure().start();
  });
  afterEach(() => fake.close());
  const client = (key = fake.key) =>
    createAzureTranslator({ key, region: fake.region, endpoint: `${fake.url}/` });

  it('posts [{Text}] as HTML with the key and region headers', async () => {
    expect(await client().translate([MARKUP], 'zh-TW')).toEqual([`[zh-Hant] ${MARKUP}`]);
    const [req] = fake.requests;
    const url = new URL(req?.path ?? '', 'http://x');
    expect(url.searchParams.get('api-version')).toBe('3.0');
    expect(url.searchParams.get('textType')).toBe('html');
    expect(JSON.parse(req?.body ?? '')).toEqual([{ Text: MARKUP }]);
  });

  it('codes 401000, 429001 and an answer of the wrong shape', async () => {
    expect(await reasonOf(client('wrong').translate(['a'], 'en'))).toBe('TRANSLATION_AUTH');
    fake.failures = [AZURE_TOO_MANY, AZURE_UNAUTHORIZED, { status: 200, body: '{"translations":[]}' }];
    expect(await reasonOf(client().translate(['a'], 'en'))).toBe('TRANSLATION_BUSY');
    expect(await reasonOf(client().translate(['a'], 'en'))).toBe('TRANSLATION_AUTH');
    expect(await reasonOf(client().translate(['a'], 'en'))).toBe('TRANSLATION_UNAVAILABLE');
  });
});

describe('choosing the provider from the environment', () => {
  const chosen = (vars: Record<string, string>) =>
    translationProvider(batonRegistry, parseEnv(vars, batonRegistry))?.name;

  it('DeepL first when both are set, Azure alone, none when neither; the keys never reach a log', () => {
    const deepl = { DEEPL_AUTH_KEY: 'deepl-secret-1' };
    const azure = { AZURE_TRANSLATOR_KEY: 'azure-secret-2', AZURE_TRANSLATOR_REGION: 'westeurope' };
    expect(chosen({ ...deepl, ...azure })).toBe('deepl');
    expect(chosen(azure)).toBe('azure');
    expect(chosen({})).toBeUndefined();
    const env = parseEnv({ ...deepl, ...azure }, batonRegistry);
    expect(secretValues(env, batonRegistry)).toEqual(
      expect.arrayContaining(['deepl-secret-1', 'azure-secret-2']),
    );
    const p = translationProvider(batonRegistry, env);
    expect(p && envOf(p, env)).toMatchObject({ DEEPL_AUTH_KEY: 'deepl-secret-1' });
  });

  it('refuses a malformed endpoint override by name', () => {
    expect(() => parseEnv({ DEEPL_SERVER_URL: 'not a url' }, batonRegistry)).toThrow(/DEEPL_SERVER_URL/);
    expect(() => parseEnv({ AZURE_TRANSLATOR_ENDPOINT: 'nope' }, batonRegistry)).toThrow(
      /AZURE_TRANSLATOR_ENDPOINT/,
    );
  });

  it('names each language as each provider wants it', () => {
    expect(['en', 'en-GB', 'pt', 'pt-PT', 'zh', 'zh-Hant', 'ko-KR'].map(deeplTarget)).toEqual([
      'en-US',
      'en-GB',
      'pt-BR',
      'pt-PT',
      'zh-HANS',
      'zh-HANT',
      'ko',
    ]);
    expect(['en-US', 'zh-CN', 'zh-TW', 'pt-PT', 'fr-CA', 'ko'].map(azureTarget)).toEqual([
      'en',
      'zh-Hans',
      'zh-Hant',
      'pt-pt',
      'fr-ca',
      'ko',
    ]);
  });
});

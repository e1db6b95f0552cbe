import * as deepl from 'deepl-node';
import { z } from 'zod';
import type { Translator } from '../../src/translation/translator.js';
import { TranslationError } from '../../src/translation/translator.js';
import { deeplTarget } from './languages.js';

/** What deepl-node hands back, checked before anyone reads it. */
const results = z.array(z.object({ text: z.string(), detectedSourceLang: z.string().optional() }));

/**
 * The texts go as XML (`tag_handling=xml`) so the `<k/>` tags standing for
 * masked addresses come back untouched. No retries: a person is waiting on
 * the click, and a failure shows them the original at once; pressing again
 * tries again.
 */
export function createDeeplTranslator(opts: { authKey: string; serverUrl?: string }): Translator {
  const client = new deepl.Translator(opts.authKey, {
    ...(opts.serverUrl ? { serverUrl: opts.serverUrl } : {}),
    maxRetries: 0,
    minTimeout: 10_000,
    sendPlatformInfo: false,
    appInfo: { appName: 'Baton', appVersion: '1' },
  });
  return {
    label: 'DeepL',
    async translate(texts, target) {
      if (texts.length === 0) return [];
      let raw: unknown;
      try {
        raw = await client.translateText([...texts], null, deeplTarget(target) as deepl.TargetLanguageCode, {
          tagHandling: 'xml',
          ignoreTags: ['k'],
        });
      } catch (err) {
        throw coded(err);
      }
      const r = results.safeParse(raw);
      if (!r.success || r.data.length !== texts.length)
        throw new TranslationError(
          'TRANSLATION_UNAVAILABLE',
          'DeepL answered with something other than one translation per text: check DEEPL_SERVER_URL points at DeepL',
        );
      return r.data.map((x) => x.text);
    },
  };
}

function coded(err: unknown): TranslationError {
  const detail = { cause: err instanceof Error ? err.message : String(err) };
  if (err instanceof deepl.AuthorizationError)
    return new TranslationError(
      'TRANSLATION_AUTH',
      'DeepL refused the key (403): check DEEPL_AUTH_KEY',
      detail,
    );
  if (err instanceof deepl.QuotaExceededError)
    return new TranslationError(
      'TRANSLATION_QUOTA',
      "DeepL's character quota is used up (456): raise the plan's limit or wait for the next period",
      detail,
    );
  if (err instanceof deepl.TooManyRequestsError)
    return new TranslationError(
      'TRANSLATION_BUSY',
      'DeepL is rate limiting Baton (429): the next click tries again',
      detail,
    );
  return new TranslationError(
    'TRANSLATION_UNAVAILABLE',
    'DeepL could not be reached or failed: check the network and DEEPL_SERVER_URL',
    detail,
  );
}

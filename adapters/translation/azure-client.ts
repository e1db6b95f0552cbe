import { z } from 'zod';
import { TranslationError, type Translator } from '../../src/translation/translator.js';
import { describeRequestFailure } from '../net-cause.js';
import { azureTarget } from './languages.js';

const answer = z.array(
  z.object({
    translations: z.array(z.object({ text: z.string(), to: z.string() })).min(1),
    detectedLanguage: z.object({ language: z.string(), score: z.number() }).optional(),
  }),
);

const failure = z.object({ error: z.object({ code: z.number(), message: z.string() }) });

/** A person waits on the click: an answer later than this is a failure, and they see the original. */
const TIMEOUT_MS = 10_000;

/**
 * `POST /translate?api-version=3.0` with `textType=html`, so the `<k/>`
 * tags standing for masked addresses come back untouched.
 */
export function createAzureTranslator(opts: { key: string; region?: string; endpoint: string }): Translator {
  const base = opts.endpoint.replace(/\/+$/, '');
  return {
    label: 'Azure AI Translator',
    async translate(texts, target) {
      if (texts.length === 0) return [];
      const url = `${base}/translate?api-version=3.0&textType=html&to=${encodeURIComponent(azureTarget(target))}`;
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            'Ocp-Apim-Subscription-Key': opts.key,
            ...(opts.region ? { 'Ocp-Apim-Subscription-Region': opts.region } : {}),
            'Content-Type': 'application/json; charset=UTF-8',
          },
          body: JSON.stringify(texts.map((Text) => ({ Text }))),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        throw new TranslationError(
          'TRANSLATION_UNAVAILABLE',
          'Azure AI Translator could not be reached: check the network and AZURE_TRANSLATOR_ENDPOINT',
          // fetch says only "fetch failed": the reason and the address are in its cause.
          { url: `${base}/translate`, cause: describeRequestFailure(err) },
        );
      }
      const body: unknown = await res.json().catch(() => undefined);
      if (!res.ok) throw coded(res.status, failure.safeParse(body).data?.error);
      const r = answer.safeParse(body);
      if (!r.success || r.data.length !== texts.length)
        throw new TranslationError(
          'TRANSLATION_UNAVAILABLE',
          'Azure AI Translator answered with something other than one translation per text: check AZURE_TRANSLATOR_ENDPOINT',
        );
      return r.data.map((x) => x.translations[0]?.text ?? '');
    },
  };
}

function coded(status: number, error: { code: number; message: string } | undefined): TranslationError {
  const details = { status, ...(error ? { code: error.code, message: error.message } : {}) };
  if (status === 401)
    return new TranslationError(
      'TRANSLATION_AUTH',
      'Azure AI Translator refused the key (401): check AZURE_TRANSLATOR_KEY and AZURE_TRANSLATOR_REGION',
      details,
    );
  if (status === 403)
    return new TranslationError(
      'TRANSLATION_QUOTA',
      "Azure AI Translator refused the request (403), usually a used-up free tier's quota: check the resource's pricing tier",
      details,
    );
  if (status === 429)
    return new TranslationError(
      'TRANSLATION_BUSY',
      'Azure AI Translator is rate limiting Baton (429): the next click tries again',
      details,
    );
  return new TranslationError(
    'TRANSLATION_UNAVAILABLE',
    `Azure AI Translator failed (${status}${error ? ` ${error.code}` : ''}): try again later, or check AZURE_TRANSLATOR_ENDPOINT`,
    details,
  );
}

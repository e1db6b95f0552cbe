import { z } from 'zod';
import { optional } from '../../src/config/env.js';
import { defineTranslationProvider } from '../../src/registry/descriptors.js';

export const AZURE_TRANSLATOR_DEFAULT = 'https://api.cognitive.microsofttranslator.com';

/** Azure AI Translator (REST v3), used when DeepL is not set up. */
export const azureProvider = defineTranslationProvider({
  name: 'azure',
  label: 'Azure AI Translator',
  env: {
    AZURE_TRANSLATOR_KEY: optional,
    /**
     * The resource's region (`westeurope`, `koreacentral`): needed with a
     * regional or multi-service resource, which is what Azure creates by
     * default; only a global resource goes without.
     */
    AZURE_TRANSLATOR_REGION: optional,
    /** Another endpoint than the global one: a sovereign cloud, tests. */
    AZURE_TRANSLATOR_ENDPOINT: z.url({ message: `a URL like ${AZURE_TRANSLATOR_DEFAULT}` }).optional(),
  },
  secretEnv: ['AZURE_TRANSLATOR_KEY'],
  redactHeaders: ['ocp-apim-subscription-key'],
  // The key alone switches it on: a missing region is then Azure's 401 in the log, not a button silently absent.
  connected: (env) => Boolean(env.AZURE_TRANSLATOR_KEY),
  create: async (env) =>
    (await import('./azure-client.js')).createAzureTranslator({
      key: env.AZURE_TRANSLATOR_KEY ?? '',
      ...(env.AZURE_TRANSLATOR_REGION ? { region: env.AZURE_TRANSLATOR_REGION } : {}),
      endpoint: env.AZURE_TRANSLATOR_ENDPOINT ?? AZURE_TRANSLATOR_DEFAULT,
    }),
});

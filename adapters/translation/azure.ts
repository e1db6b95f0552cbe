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
    /** The resource's region (`westeurope`, `koreacentral`); required with a regional or multi-service key. */
    AZURE_TRANSLATOR_REGION: optional,
    /** Another endpoint than the global one: a sovereign cloud, tests. */
    AZURE_TRANSLATOR_ENDPOINT: z.url({ message: `a URL like ${AZURE_TRANSLATOR_DEFAULT}` }).optional(),
  },
  secretEnv: ['AZURE_TRANSLATOR_KEY'],
  redactHeaders: ['ocp-apim-subscription-key'],
  connected: (env) => Boolean(env.AZURE_TRANSLATOR_KEY && env.AZURE_TRANSLATOR_REGION),
  create: async (env) =>
    (await import('./azure-client.js')).createAzureTranslator({
      key: env.AZURE_TRANSLATOR_KEY ?? '',
      region: env.AZURE_TRANSLATOR_REGION ?? '',
      endpoint: env.AZURE_TRANSLATOR_ENDPOINT ?? AZURE_TRANSLATOR_DEFAULT,
    }),
});

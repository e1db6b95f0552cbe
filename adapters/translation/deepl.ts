import { z } from 'zod';
import { optional } from '../../src/config/env.js';
import { defineTranslationProvider } from '../../src/registry/descriptors.js';

/** DeepL, through its official Node client (`deepl-node`), loaded only when DEEPL_AUTH_KEY is set. */
export const deeplProvider = defineTranslationProvider({
  name: 'deepl',
  label: 'DeepL',
  env: {
    DEEPL_AUTH_KEY: optional,
    /** Another server than DeepL's own (the client picks the Free or Pro API from the key): tests, a proxy. */
    DEEPL_SERVER_URL: z.url({ message: 'a URL like https://api.deepl.com' }).optional(),
  },
  secretEnv: ['DEEPL_AUTH_KEY'],
  redactHeaders: [],
  connected: (env) => Boolean(env.DEEPL_AUTH_KEY),
  create: async (env) =>
    (await import('./deepl-client.js')).createDeeplTranslator({
      authKey: env.DEEPL_AUTH_KEY ?? '',
      ...(env.DEEPL_SERVER_URL ? { serverUrl: env.DEEPL_SERVER_URL } : {}),
    }),
});

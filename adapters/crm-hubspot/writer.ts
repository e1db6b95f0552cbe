import { z } from 'zod';
import { defineRecordWriter } from '../../src/registry/descriptors.js';

/**
 * Notes on HubSpot records when a handoff moves. Its token and API URL are
 * the webhook source's (`HUBSPOT_ACCESS_TOKEN`, `HUBSPOT_API_URL`, read in
 * one place: `adapters/webhooks/hubspot.ts`); this switch is its own, since
 * the token of a read-only setup lacks the write scope.
 */
export const hubspotWriter = defineRecordWriter({
  name: 'hubspot',
  label: 'HubSpot',
  env: {
    HUBSPOT_WRITE_BACK: z
      .enum(['on', 'off'], { message: 'write on or off (notes on HubSpot deals when a handoff moves)' })
      .optional(),
  },
  secretEnv: [],
  redactHeaders: [],
  // A deal's note when Baton knows the deal, else the company's.
  recordKeys: ['hubspot-deal', 'hubspot'],
  connected: (env) => env.HUBSPOT_WRITE_BACK === 'on',
  create: async (ctx) => (await import('./index.js')).createHubSpotWriteBack(ctx),
});

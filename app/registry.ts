import { hubspotWriter } from '../adapters/crm-hubspot/writer.js';
import { salesforceWriter } from '../adapters/crm-salesforce/writer.js';
import { slackPlatform } from '../adapters/slack/platform.js';
import { teamsPlatform } from '../adapters/teams/platform.js';
import { azureProvider } from '../adapters/translation/azure.js';
import { deeplProvider } from '../adapters/translation/deepl.js';
import { eventsSource } from '../adapters/webhooks/events.js';
import { hubspotSource } from '../adapters/webhooks/hubspot.js';
import { salesforceSource } from '../adapters/webhooks/salesforce.js';
import { stripeSource } from '../adapters/webhooks/stripe.js';
import { createRegistry } from '../src/registry/registry.js';

/**
 * Every chat platform and webhook source this build of Baton knows, one line
 * each. The core builds its environment and config schemas, its look-ups,
 * delivery targets and log redaction from this list; a platform runs when
 * its credentials are set, a source when its secret is, the first
 * translation provider with credentials when any has them.
 */
export const batonRegistry = createRegistry({
  platforms: [slackPlatform, teamsPlatform],
  sources: [eventsSource, hubspotSource, stripeSource, salesforceSource],
  // The Translate button's provider: the first whose credentials are set.
  translators: [deeplProvider, azureProvider],
  // Handoff changes written back to the record the customer came from, each when switched on.
  recordWriters: [hubspotWriter, salesforceWriter],
});

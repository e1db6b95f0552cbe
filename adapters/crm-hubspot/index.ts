import { BatonError } from '../../src/errors.js';
import type { DispatchItem, Notifier, SendOutcome } from '../../src/outbox/notifier.js';
import { writeBackHealth } from '../../src/outbox/write-back-health.js';
import { envOf } from '../../src/registry/registry.js';
import type { AdapterContext, PlatformAdapter } from '../../src/server/adapter.js';
import { escapeHtml } from '../dashboard/html.js';
import { hubspotSource } from '../webhooks/hubspot.js';
import { DEFAULT_HUBSPOT_API_URL } from '../webhooks/hubspot-api.js';
import { type NoteTarget, notesApi } from './notes-api.js';
import { hubspotWriter } from './writer.js';

/**
 * HubSpot write-back as an outbox notifier: each handoff change is one note
 * on the deal (or company) the customer came from. The note carries a marker
 * made from its delivery id, so after a crash or a lost answer the outbox
 * finds the note it may have written instead of writing a second one.
 */
export async function createHubSpotWriteBack(ctx: AdapterContext): Promise<PlatformAdapter> {
  envOf(hubspotWriter, ctx.env);
  const source = envOf(hubspotSource, ctx.env);
  if (!source.HUBSPOT_ACCESS_TOKEN)
    throw new BatonError(
      'HUBSPOT_WRITE_BACK_TOKEN_MISSING',
      'HUBSPOT_WRITE_BACK=on needs HUBSPOT_ACCESS_TOKEN (a private app token with the crm.objects.deals.write and crm.objects.companies.write scopes): set it, or set HUBSPOT_WRITE_BACK=off',
    );
  const api = notesApi({
    baseUrl: source.HUBSPOT_API_URL ?? DEFAULT_HUBSPOT_API_URL,
    token: source.HUBSPOT_ACCESS_TOKEN,
  });
  const health = writeBackHealth({ label: 'HubSpot', url: api.url, noun: 'note', nouns: 'notes' });
  const log = ctx.log.child({ module: 'hubspot-write-back' });
  const { clock, store } = ctx.services.deps;

  function where(item: DispatchItem): { to: NoteTarget; recordId: string } | undefined {
    const m = item.delivery.message;
    if (m.type !== 'crm-record') return undefined;
    return { to: m.recordKey === 'hubspot-deal' ? 'deal' : 'company', recordId: m.recordId };
  }

  const notifier: Notifier = {
    platform: hubspotWriter.name,
    async send(item): Promise<SendOutcome> {
      const at = where(item);
      if (!at || item.rendered.kind !== 'text')
        return {
          ok: false,
          error: `not a write-back for HubSpot: ${item.delivery.message.type}`,
          permanent: true,
        };
      const body = `${escapeHtml(item.rendered.text)}<br><small>${markerOf(item.delivery.id)}</small>`;
      const outcome = await api.createNote({ body, at: item.delivery.createdAt, ...at });
      if (outcome.ok) health.wrote(item.delivery.id);
      else {
        health.failed(item.delivery.id, outcome.error, clock.now());
        log.warn({ delivery: item.delivery.id, error: outcome.error }, 'HubSpot note not written yet');
      }
      return outcome;
    },
    async reconcile(item) {
      const at = where(item);
      if (!at) return undefined;
      // HubSpot's search shows a new note only after a few seconds: a look sooner could miss it
      // and write it twice. An error here keeps the doubt; the outbox asks again after its backoff.
      const since = item.delivery.sendingSince ? Date.parse(item.delivery.sendingSince) : Number.NaN;
      if (clock.now().getTime() - since < SEARCH_LAG_MS)
        throw new Error(
          `a HubSpot note written since ${item.delivery.sendingSince} may not be searchable yet`,
        );
      const id = await api.findNote({ marker: markerOf(item.delivery.id), ...at });
      if (id) health.wrote(item.delivery.id);
      return id ? { conversationId: at.recordId, messageId: id } : undefined;
    },
  };

  return {
    name: hubspotWriter.name,
    routes: [],
    notifier,
    ready: () => health.ready(),
    async check() {
      return health.checkLines(
        store,
        hubspotWriter.name,
        await api.probe(),
        `notes on deals and companies through ${api.url}`,
      );
    },
  };
}

/** How long HubSpot's search index may trail a write (its docs: "a few moments"), with room. */
export const SEARCH_LAG_MS = 15_000;

/** One search token unique to the delivery: letters and digits only, so HubSpot indexes it whole. */
export function markerOf(deliveryId: string): string {
  return `batonref${deliveryId.replace(/[^A-Za-z0-9]/g, '')}`;
}

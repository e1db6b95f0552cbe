import type { DispatchItem, Notifier, SendOutcome } from '../../src/outbox/notifier.js';
import { writeBackHealth } from '../../src/outbox/write-back-health.js';
import { envOf } from '../../src/registry/registry.js';
import type { AdapterContext, PlatformAdapter } from '../../src/server/adapter.js';
import { dateIn } from '../../src/time/calendar.js';
import { tasksApi } from './tasks-api.js';
import { salesforceWriter } from './writer.js';

/**
 * Salesforce write-back as an outbox notifier: each handoff change is one
 * completed Task on the opportunity (or account). Its description ends with a
 * reference made from the delivery id, so after a crash or a lost answer the
 * outbox finds the task it may have created instead of creating a second one.
 */
export async function createSalesforceWriteBack(ctx: AdapterContext): Promise<PlatformAdapter> {
  const env = envOf(salesforceWriter, ctx.env);
  const api = tasksApi({
    loginUrl: env.SALESFORCE_LOGIN_URL ?? '',
    clientId: env.SALESFORCE_CLIENT_ID ?? '',
    clientSecret: env.SALESFORCE_CLIENT_SECRET ?? '',
  });
  const health = writeBackHealth({ label: 'Salesforce', url: api.url, noun: 'task', nouns: 'tasks' });
  const log = ctx.log.child({ module: 'salesforce-write-back' });
  const { clock, store, dir } = ctx.services.deps;

  const whatIdOf = (item: DispatchItem) =>
    item.delivery.message.type === 'crm-record' ? item.delivery.message.recordId : undefined;

  const notifier: Notifier = {
    platform: salesforceWriter.name,
    async send(item): Promise<SendOutcome> {
      const whatId = whatIdOf(item);
      if (!whatId || item.rendered.kind !== 'text')
        return {
          ok: false,
          error: `not a write-back for Salesforce: ${item.delivery.message.type}`,
          permanent: true,
        };
      const outcome = await api.createTask({
        whatId,
        subject: item.rendered.subject ?? item.rendered.text,
        description: `${item.rendered.text}\n\n${markerOf(item.delivery.id)}`,
        activityDate: dateIn(dir.config.defaults.timezone, new Date(item.delivery.createdAt)),
      });
      if (outcome.ok) health.wrote(item.delivery.id);
      else {
        health.failed(item.delivery.id, outcome.error, clock.now());
        log.warn({ delivery: item.delivery.id, error: outcome.error }, 'Salesforce task not created yet');
      }
      return outcome;
    },
    async reconcile(item) {
      const whatId = whatIdOf(item);
      if (!whatId) return undefined;
      const id = await api.findTask({
        whatId,
        marker: markerOf(item.delivery.id),
        since: item.delivery.createdAt,
      });
      if (id) health.wrote(item.delivery.id);
      return id ? { conversationId: whatId, messageId: id } : undefined;
    },
  };

  return {
    name: salesforceWriter.name,
    routes: [],
    notifier,
    ready: () => health.ready(),
    async check() {
      return health.checkLines(
        store,
        salesforceWriter.name,
        await api.probe(),
        `tasks on opportunities and accounts through ${api.url}`,
      );
    },
  };
}

/** The reference a task carries, unique to its delivery. */
export function markerOf(deliveryId: string): string {
  return `Baton ref: ${deliveryId}`;
}

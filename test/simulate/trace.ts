import type { Store } from '../../src/store/store.js';
import type { Watch } from './watch.js';

/**
 * The whole story of a few customers (`--trace cus0042`): what Baton
 * recorded, what is still pending, and what people were told, to see why a
 * check failed.
 */
export async function traceCustomers(store: Store, watch: Watch, ids: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) {
    const c = await store.getCustomer(id);
    out.push(
      '',
      `${id}: ${c ? `${c.team}, owner ${c.owner ?? '-'}, contact due ${c.contactDueAt ?? '-'}` : 'unknown'}`,
    );
    for (const e of await store.history(id)) {
      const what =
        e.kind === 'audit'
          ? `${e.entry.actor} ${e.entry.action} ${JSON.stringify(e.entry.details ?? {})}`
          : e.kind === 'handoff'
            ? `handoff ${e.entry.id} closed ${e.entry.state}`
            : `${e.entry.by ?? '?'} logged a ${e.entry.channel}`;
      out.push(`  ${e.at}  ${what}`);
    }
    for (const h of await store.listHandoffs({ customerId: id }))
      out.push(`  live ${h.id} ${h.state}, owner ${h.owner ?? '-'}, asked ${h.assignee ?? '-'}`);
    for (const f of await store.listFollowUps({ customerId: id }))
      out.push(`  pending ${f.window} ${f.kind} ${f.step} to ${JSON.stringify(f.recipient)} at ${f.dueAt}`);
    for (const h of watch.heardBy(id))
      out.push(
        `  told ${h.to} (${h.kind}${h.responsible ? ', responsible' : ''}) at ${new Date(h.at).toISOString()}`,
      );
  }
  return out;
}

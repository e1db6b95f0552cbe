import type { Received } from './fake-platforms.js';
import type { Oracle } from './oracle/oracle.js';

/**
 * The story of a few customers (`--trace cus0042`): what the simulation did
 * to them and every message the platforms received naming them, to see why
 * the oracle called them silent.
 */
export function traceCustomers(
  received: readonly Received[],
  oracle: Oracle,
  ids: readonly string[],
  names: ReadonlyMap<string, string>,
): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const name = names.get(id);
    out.push('', `${id}: ${name ?? 'unknown'}`);
    if (!name) continue;
    const lines: Array<[number, string]> = [];
    for (const e of oracle.events())
      if (e.customer === id)
        lines.push([e.at, `did: ${JSON.stringify({ ...e, at: undefined, customer: undefined })}`]);
    for (const m of received)
      if (m.text.includes(name))
        lines.push([
          m.at,
          `${m.platform} ${m.kind} to ${m.userId ?? m.channel}: ${m.text.replace(/\s+/g, ' ').slice(0, 160)}`,
        ]);
    for (const [at, line] of lines.sort((a, b) => a[0] - b[0]))
      out.push(`  ${new Date(at).toISOString()}  ${line}`);
  }
  return out;
}

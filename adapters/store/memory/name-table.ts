import type { Customer } from '../../../src/domain/types.js';
import type { CustomerName, NameChanges } from '../../../src/store/store.js';

/** Changes remembered for `since`; an index further behind than this gets every name again. */
const LOG_MAX = 20_000;

/**
 * The customers' names and aliases, for the name search: one entry per customer, kept as the
 * same object while its names do not change, and a log of whose names changed, so a search
 * index follows a new customer by looking at that one (`since`), not at every name.
 */
export class NameTable {
  private list: CustomerName[] | undefined;
  private readonly entries = new Map<string, CustomerName>();
  /** Ids whose names changed, in order: version = logStart + position. */
  private readonly log: string[] = [];
  private logStart = 0;

  /** After a customer was stored; `previous` is what it replaced. */
  put(c: Customer, previous: Customer | undefined): void {
    // Most customer changes (an accept, a contact) keep the names: the cached list stays.
    if (previous && previous.name === c.name && previous.aliases.join('\u0000') === c.aliases.join('\u0000'))
      return;
    this.list = undefined;
    this.entries.set(c.id, { id: c.id, name: c.name, aliases: c.aliases });
    this.log.push(c.id);
    if (this.log.length > LOG_MAX) {
      const dropped = this.log.length - LOG_MAX / 2;
      this.log.splice(0, dropped);
      this.logStart += dropped;
    }
  }

  all(): CustomerName[] {
    this.list ??= [...this.entries.values()];
    return this.list;
  }

  /** See Store.customerNamesSince. */
  since(version: number | undefined): NameChanges {
    const now = this.logStart + this.log.length;
    if (version === undefined || version < this.logStart || version > now)
      return { version: now, all: this.all() };
    const changed: CustomerName[] = [];
    for (const id of new Set(this.log.slice(version - this.logStart))) {
      const entry = this.entries.get(id);
      if (entry) changed.push(entry);
    }
    return { version: now, changed };
  }
}

import type { Customer } from '../../../src/domain/types.js';
import { domainOf, emailAndDomainKeys } from './keys.js';
import { NameTable } from './name-table.js';

/**
 * The customer look-ups of HotState beside its customers by id: names (for
 * search indexes built over them), external ids, and emails and domains.
 */
export class CustomerLookups {
  readonly names = new NameTable();
  /**
   * System → its id → customer id. Keyed by the record's own id strings: a key
   * made as `system:id` was a new string per id, 5 MB at 50k customers.
   */
  private readonly byExternal = new Map<string, Map<string, string>>();
  private readonly byEmailOrDomain = new Map<string, string>();

  /** `previous`: the customer as it was before `c` replaced it, if it was stored. */
  put(c: Customer, previous: Customer | undefined): void {
    this.names.put(c, previous);
    if (previous) {
      for (const [system, id] of Object.entries(previous.externalIds)) {
        const ids = this.byExternal.get(system);
        if (ids?.get(id) === previous.id) ids.delete(id);
      }
      for (const k of emailAndDomainKeys(previous)) this.byEmailOrDomain.delete(k);
    }
    for (const [system, id] of Object.entries(c.externalIds)) {
      let ids = this.byExternal.get(system);
      if (!ids) {
        ids = new Map();
        this.byExternal.set(system, ids);
      }
      ids.set(id, c.id);
    }
    for (const k of emailAndDomainKeys(c)) this.byEmailOrDomain.set(k, c.id);
  }

  idByExternal(system: string, externalId: string): string | undefined {
    return this.byExternal.get(system)?.get(externalId);
  }

  idByEmailOrDomain(emailOrDomain: string): string | undefined {
    const key = emailOrDomain.trim().toLowerCase();
    return this.byEmailOrDomain.get(key) ?? this.byEmailOrDomain.get(domainOf(key) ?? '');
  }
}

import type { Customer } from '../../../src/domain/types.js';
import type { CustomerName } from '../../../src/store/store.js';
import { domainOf, emailAndDomainKeys } from './keys.js';

/**
 * The customer look-ups of HotState beside its customers by id: names (for
 * search indexes built over them), external ids, and emails and domains.
 */
export class CustomerLookups {
  private names: CustomerName[] | undefined;
  /** The entries of `names`, kept as the same objects while a customer's names do not change. */
  private readonly nameEntries = new Map<string, CustomerName>();
  private readonly byExternal = new Map<string, string>();
  private readonly byEmailOrDomain = new Map<string, string>();

  /** `previous`: the customer as it was before `c` replaced it, if it was stored. */
  put(c: Customer, previous: Customer | undefined): void {
    // Most customer changes (an accept, a contact) keep the names: the cached list stays.
    // A change of names replaces one entry; a search index over the list updates just that one.
    if (
      !previous ||
      previous.name !== c.name ||
      previous.aliases.join('\u0000') !== c.aliases.join('\u0000')
    ) {
      this.names = undefined;
      this.nameEntries.set(c.id, { id: c.id, name: c.name, aliases: c.aliases });
    }
    if (previous) {
      for (const [system, id] of Object.entries(previous.externalIds))
        this.byExternal.delete(`${system}:${id}`);
      for (const k of emailAndDomainKeys(previous)) this.byEmailOrDomain.delete(k);
    }
    for (const [system, id] of Object.entries(c.externalIds)) this.byExternal.set(`${system}:${id}`, c.id);
    for (const k of emailAndDomainKeys(c)) this.byEmailOrDomain.set(k, c.id);
  }

  idByExternal(system: string, externalId: string): string | undefined {
    return this.byExternal.get(`${system}:${externalId}`);
  }

  idByEmailOrDomain(emailOrDomain: string): string | undefined {
    const key = emailOrDomain.trim().toLowerCase();
    return this.byEmailOrDomain.get(key) ?? this.byEmailOrDomain.get(domainOf(key) ?? '');
  }

  /** The same array until a customer's names change: callers keep search indexes built over it. */
  customerNames(): CustomerName[] {
    this.names ??= [...this.nameEntries.values()];
    return this.names;
  }
}

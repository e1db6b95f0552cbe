import type { Customer } from '../../../src/domain/types.js';
import { domainOf, emailAndDomainKeys } from './keys.js';
import { NameTable } from './name-table.js';

/**
 * The customer look-ups of HotState beside its customers by id: names (for
 * search indexes built over them), external ids, and emails and domains.
 */
export class CustomerLookups {
  readonly names = new NameTable();
  private readonly byExternal = new Map<string, string>();
  private readonly byEmailOrDomain = new Map<string, string>();

  /** `previous`: the customer as it was before `c` replaced it, if it was stored. */
  put(c: Customer, previous: Customer | undefined): void {
    this.names.put(c, previous);
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
}

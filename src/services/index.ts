import { createTranslationCache } from '../translation/cache.js';
import { logCustomerContact, logHandoffContact } from './contacts.js';
import { prepareCustomerLookups, resolveCustomer, suggestCustomers } from './customers.js';
import { redeemDashboardLink, requestDashboardLink } from './dashboard-links.js';
import type { Failure } from './deps.js';
import { forgetCustomer } from './forget.js';
import { accept, cancel, complete, decline, reassign, snooze } from './handoff-actions.js';
import { confirm, resend } from './handoff-confirm.js';
import { prepareHandoffForm, recordCustomerLanguage } from './handoff-form.js';
import type { ActionDeps } from './mutate.js';
import { myQueue } from './my-queue.js';
import { customerView, gaps, gapsPage } from './queries.js';
import { readableFailure } from './read-access.js';
import { startHandoff } from './start-handoff.js';
import { endAway, setAway } from './time-off.js';
import { translateFor } from './translate.js';

/**
 * The services the adapters call, bound to one set of dependencies. Every
 * one returns a `Result`: expected refusals are values, not exceptions.
 */
export function createServices(deps: ActionDeps) {
  const translations = createTranslationCache(deps.store);
  const erasureListeners: Array<(customerId: string) => Promise<void>> = [];
  return {
    deps,
    prepareHandoffForm: (input: Parameters<typeof prepareHandoffForm>[1]) => prepareHandoffForm(deps, input),
    recordCustomerLanguage: (input: Parameters<typeof recordCustomerLanguage>[1]) =>
      recordCustomerLanguage(deps, input),
    startHandoff: (input: Parameters<typeof startHandoff>[1]) => startHandoff(deps, input),
    confirm: (input: Parameters<typeof confirm>[1]) => confirm(deps, input),
    resend: (input: Parameters<typeof resend>[1]) => resend(deps, input),
    accept: (input: Parameters<typeof accept>[1]) => accept(deps, input),
    decline: (input: Parameters<typeof decline>[1]) => decline(deps, input),
    reassign: (input: Parameters<typeof reassign>[1]) => reassign(deps, input),
    snooze: (input: Parameters<typeof snooze>[1]) => snooze(deps, input),
    complete: (input: Parameters<typeof complete>[1]) => complete(deps, input),
    cancel: (input: Parameters<typeof cancel>[1]) => cancel(deps, input),
    logHandoffContact: (input: Parameters<typeof logHandoffContact>[1]) => logHandoffContact(deps, input),
    logCustomerContact: (input: Parameters<typeof logCustomerContact>[1]) => logCustomerContact(deps, input),
    customerView: (text: string, opts?: { limit?: number; reader?: string }) =>
      customerView(deps, text, opts),
    myQueue: (person: string) => myQueue(deps, person),
    gaps: (opts?: { reader?: string }) => gaps(deps, opts),
    /** The dashboard's gaps, a page at a time with their total. */
    gapsPage: (opts: Parameters<typeof gapsPage>[1]) => gapsPage(deps, opts),
    /** A private one-time sign-in link to the dashboard, for the person alone. */
    requestDashboardLink: (person: string) => requestDashboardLink(deps, person),
    redeemDashboardLink: (token: string) => redeemDashboardLink(deps, token),
    /**
     * Erases a customer; once the store has committed it, whatever an adapter
     * keeps outside the store (mail written to files) is erased too, before
     * the admin is told it is done.
     */
    forgetCustomer: async (input: Parameters<typeof forgetCustomer>[1]) => {
      const r = await forgetCustomer(deps, input);
      if (r.ok && r.value.status === 'erased')
        for (const erase of erasureListeners) await erase(r.value.customer.id);
      return r;
    },
    /** An adapter that keeps a customer's data outside the store erases it here (see forgetCustomer). */
    onErased: (erase: (customerId: string) => Promise<void>) => {
      erasureListeners.push(erase);
    },
    resolveCustomer: (text: string) => resolveCustomer(deps.store, text),
    /** A "did you mean" or "matches several" refusal naming only customers this person may read. */
    readableFailure: (person: string, f: Failure) => readableFailure(deps, person, f),
    suggestCustomers: (text: string) => suggestCustomers(deps.store, text),
    /** What people wrote about a handoff or customer, in the reader's language, for the reader alone. */
    translate: (input: { value: string; reader: string }) => translateFor(deps, translations, input),
    /** `/cx away` and `/cx back`: stored and audited before they are confirmed. */
    setAway: (input: Parameters<typeof setAway>[1]) => setAway(deps, input),
    endAway: (input: Parameters<typeof endAway>[1]) => endAway(deps, input),
    /** Indexes built ahead of the first request that needs them: the name search, then everyone's queue. */
    prepare: async () => {
      await prepareCustomerLookups(deps.store);
      const people = Object.entries(deps.dir.config.people).map(([person, p]) => ({ person, team: p.team }));
      await deps.store.warmQueues?.(people);
    },
  };
}

export type Services = ReturnType<typeof createServices>;
export type { ActionDeps };

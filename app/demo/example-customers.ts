import type { Customer } from '../../src/domain/types.js';
import type { Logger } from '../../src/log.js';
import { customerAudit } from '../../src/services/audit.js';
import type { Services } from '../../src/services/index.js';
import { planCadence } from '../../src/services/sla.js';

/**
 * The embedded default's example customers, so a newcomer can hand one over
 * in the Playground right away. Only ever written into an empty data file
 * running the bundled example config.
 */
const EXAMPLES: Array<
  Pick<Customer, 'id' | 'name' | 'team' | 'language' | 'domain' | 'contacts' | 'attributes'> & {
    owner?: string;
  }
> = [
  {
    id: 'cus_example_acme',
    name: 'Acme Corp',
    team: 'sales',
    owner: 'sam',
    language: 'ko',
    domain: 'acme.example',
    attributes: { tier: 'standard', region: 'apac' },
    contacts: [{ name: 'Min-jun Kim', email: 'mj@acme.example', role: 'sponsor' }],
  },
  {
    id: 'cus_example_globex',
    name: 'Globex',
    team: 'sales',
    owner: 'dana',
    language: 'en',
    domain: 'globex.example',
    contacts: [{ name: 'Hank Scorpio', email: 'hank@globex.example', role: 'CEO' }],
    // Enterprise: handed to Delivery, it takes the enterprise playbook (sales-to-delivery-enterprise.yaml).
    attributes: { tier: 'enterprise', region: 'emea', dealValue: 480000, fields: { industry: 'energy' } },
  },
  {
    id: 'cus_example_initech',
    name: 'Initech',
    team: 'marketing',
    owner: 'leo',
    language: 'en',
    domain: 'initech.example',
    contacts: [{ name: 'Bill Lumbergh', email: 'bill@initech.example', role: 'VP' }],
  },
  {
    id: 'cus_example_hanbit',
    name: 'Hanbit Foods',
    team: 'delivery',
    // Korean-speaking: with Delivery's Korean speaker, as routing would have chosen.
    owner: 'jae',
    language: 'ko',
    domain: 'hanbit.example',
    contacts: [{ name: '이서연', email: 'seoyeon@hanbit.example', role: 'project lead' }],
  },
];

export async function seedExampleCustomers(services: Services, log: Logger): Promise<void> {
  const { store, clock, ids } = services.deps;
  if ((await store.stats()).customers > 0) return;
  const at = clock.now().toISOString();
  const customers: Customer[] = EXAMPLES.map((e) => ({
    ...e,
    aliases: [],
    externalIds: { example: e.id },
    stage: e.team,
    postPurchase: e.team === 'delivery',
    ...(e.team === 'delivery' ? { purchasedAt: at, lastContactAt: at } : {}),
    createdAt: at,
    updatedAt: at,
    version: 1,
  }));
  // A post-purchase example keeps its contact cadence like any other customer.
  const followUps = customers.flatMap((c) => {
    const plan = planCadence(services.deps.dir, c, new Date(at));
    if (plan) c.contactDueAt = plan.deadline.toISOString();
    return plan?.followUps ?? [];
  });
  const r = await store.commit({
    customers: customers.map((value) => ({ value, expectedVersion: null })),
    followUps,
    audit: customers.map((c) =>
      customerAudit(ids, at, 'system', 'customer.created', c.id, { example: true }),
    ),
  });
  if (r.ok)
    log.info({ customers: customers.map((c) => c.name) }, 'added example customers to the empty data file');
  else log.warn({ reason: r.reason }, 'the example customers could not be added; Baton runs without them');
}

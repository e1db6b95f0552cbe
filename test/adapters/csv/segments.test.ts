import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatImportReport, importCsv } from '../../../adapters/csv/import.js';
import { createMemoryStore } from '../../../adapters/store/memory/memory-store.js';
import { type Baton, createBaton } from '../../../app/app.js';
import { batonRegistry } from '../../../app/registry.js';
import { manualClock, sequentialIds } from '../../../src/clock.js';
import { parseEnv } from '../../../src/config/env.js';
import { silentLogger } from '../../../src/log.js';
import { REPO, tempDir } from '../../support/harness.js';

/** A CRM export with the attributes segments match on, headed as a spreadsheet would. */
const CSV = [
  'Company name,Company Domain Name,Lifecycle Stage,Account Tier,Sales Region,Deal Amount,Industry,Employees',
  'Initrode,initrode.example,Opportunity,Enterprise,EMEA,"$480,000",Banking,1200',
  'Kwik-E-Mart,kwik.example,Opportunity,,,12 dollars,Retail,',
].join('\n');

describe('baton import: the attributes segments match on', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let baton: Baton;
  beforeEach(async () => {
    tmp = await tempDir('baton-import-segments-');
    const handoffs = path.join(tmp.dir, 'handoffs');
    await mkdir(handoffs);
    await cp(path.join(REPO, 'handoffs'), handoffs, { recursive: true });
    // A segment on a custom field: the import reads the column of that name.
    await writeFile(
      path.join(handoffs, 'sales-to-delivery-finance.yaml'),
      [
        'from: sales',
        'to: delivery',
        'when: { tier: standard, fields: { industry: [fintech, banking] } }',
      ].join('\n'),
    );
    await writeFile(path.join(tmp.dir, 'customers.csv'), CSV);
    baton = await createBaton({
      env: parseEnv(
        {
          BATON_CONFIG: path.join(REPO, 'test/fixtures/webhooks/baton.config.yaml'),
          BATON_HANDOFFS: handoffs,
        },
        batonRegistry,
      ),
      log: silentLogger,
      clock: manualClock('2026-11-23T15:00:00Z'),
      ids: sequentialIds(),
      store: createMemoryStore(),
      adapters: async () => [],
    });
  });
  afterEach(async () => {
    await baton.stop();
    await tmp.cleanup();
  });

  it('records tier, region, deal value and the custom fields playbooks name; other columns stay ignored', async () => {
    const file = path.join(tmp.dir, 'customers.csv');
    const r = await importCsv({ file, apply: true, services: baton.services });
    expect(r.create).toHaveLength(2);
    const initrode = await baton.store.findCustomerByEmailOrDomain('initrode.example');
    expect(initrode?.attributes).toEqual({
      tier: 'Enterprise',
      region: 'EMEA',
      dealValue: 480000,
      fields: { industry: 'Banking' },
    });
    const kwik = await baton.store.findCustomerByEmailOrDomain('kwik.example');
    expect(kwik?.attributes).toEqual({ fields: { industry: 'Retail' } });
    expect(r.warnings).toEqual([{ row: 3, message: 'deal value "12 dollars" is no number; left out' }]);
    const text = formatImportReport(r);
    expect(text).toContain('Account Tier → tier');
    expect(text).toContain('Industry → field:industry');
    expect(text).toContain('Columns ignored: Employees');

    // A later export that moves the customer to another tier is an update that names it.
    await writeFile(file, CSV.replace('Enterprise', 'Standard'));
    const again = await importCsv({ file, apply: true, services: baton.services });
    expect(again.update.map((u) => [u.name, u.changes])).toEqual([['Initrode', ['attributes']]]);
    expect((await baton.store.findCustomerByEmailOrDomain('initrode.example'))?.attributes?.tier).toBe(
      'Standard',
    );
  });

  it('a post-purchase customer owes contact on their segment’s cadence (bundled playbooks: enterprise P7D, default P14D)', async () => {
    const file = path.join(tmp.dir, 'delivery.csv');
    await writeFile(
      file,
      [
        'Company name,Company Domain Name,Owning team,Tier,Last Contacted',
        'Initrode,initrode.example,Delivery,Enterprise,2026-11-02 10:00',
        'Kwik-E-Mart,kwik.example,Delivery,,2026-11-02 10:00',
      ].join('\n'),
    );
    const r = await importCsv({ file, apply: true, services: baton.services });
    expect(r.create).toHaveLength(2);
    // Monday 10:00 in London (GMT), inside Delivery's hours; a cadence day is a working day, none a holiday:
    // 7 working days on is Wednesday 11 November, 14 is Friday 20 November, at the same time.
    const initrode = await baton.store.findCustomerByEmailOrDomain('initrode.example');
    expect(initrode?.contactDueAt).toBe('2026-11-11T10:00:00.000Z');
    const kwik = await baton.store.findCustomerByEmailOrDomain('kwik.example');
    expect(kwik?.contactDueAt).toBe('2026-11-20T10:00:00.000Z');
  });
});

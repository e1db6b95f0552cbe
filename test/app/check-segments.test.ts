import { cp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { runCli } from '../support/cli.js';
import { REPO, tempDir } from '../support/harness.js';
import { aCustomer, seedCustomers } from '../support/seed.js';

interface Line {
  level: string;
  area: string;
  message: string;
  file?: string;
  field?: string;
  fix?: string;
}

/** A sales → delivery playbook with this `when:` (YAML flow text, or none: the default). */
const playbook = (when?: string) =>
  [
    'from: sales',
    'to: delivery',
    ...(when ? [`when: ${when}`] : []),
    'trigger: { crmStages: [closedwon] }',
    'sla: { accept: PT4H, firstContact: P2D }',
  ].join('\n');

// Each case runs the CLI once or twice, a few seconds each on a busy machine.
describe('segments at load and in baton check', { timeout: 90_000 }, () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let handoffs: string;
  let data: string;
  beforeEach(async () => {
    tmp = await tempDir('baton-check-segments-');
    handoffs = path.join(tmp.dir, 'handoffs');
    data = path.join(tmp.dir, 'baton.json');
    await cp(path.join(REPO, 'handoffs'), handoffs, { recursive: true });
    await cp(path.join(REPO, 'baton.config.example.yaml'), path.join(tmp.dir, 'baton.config.yaml'));
    // The pair's playbooks are the test's own.
    await rm(path.join(handoffs, 'sales-to-delivery.yaml'));
    await rm(path.join(handoffs, 'sales-to-delivery-enterprise.yaml'));
  });
  afterEach(async () => tmp.cleanup());

  const write = (name: string, text: string) => writeFile(path.join(handoffs, name), text);
  /** `baton check --json`, and the text output for people when `text` (one more run). */
  async function check(text = false): Promise<{ code: number | null; lines: Line[]; text: string }> {
    const env = {
      BATON_CONFIG: path.join(tmp.dir, 'baton.config.yaml'),
      BATON_HANDOFFS: handoffs,
      BATON_DATA_FILE: data,
      DATABASE_URL: undefined,
      SLACK_BOT_TOKEN: undefined,
      SLACK_SIGNING_SECRET: undefined,
      MicrosoftAppId: undefined,
    };
    const json = await runCli(['check', '--json'], { cwd: tmp.dir, env });
    const doc = JSON.parse(json.stdout) as { checks: Line[] };
    const people = text ? (await runCli(['check'], { cwd: tmp.dir, env })).stdout : '';
    return { code: json.code, lines: doc.checks, text: people };
  }

  it('refuses two playbooks of one pair that can both take the same customer, naming both files and the fix', async () => {
    await write('sales-to-delivery.yaml', playbook());
    await write('s2d-enterprise.yaml', playbook('{ tier: enterprise }'));
    await write('s2d-emea.yaml', playbook('{ region: [emea, uk] }'));
    const r = await check(true);
    expect(r.code).toBe(1);
    const overlap = r.lines.find((l) => l.level === 'error' && l.field === 'when');
    const emea = path.join(handoffs, 's2d-emea.yaml');
    const enterprise = path.join(handoffs, 's2d-enterprise.yaml');
    // Files are read in name order: the later one is the one refused.
    expect(overlap).toMatchObject({ area: 'playbooks', file: enterprise });
    expect(overlap?.message).toContain(emea);
    expect(overlap?.message).toContain('tier enterprise, region emea');
    expect(overlap?.fix).toContain(
      'add a sales->delivery playbook whose when: has tier enterprise, region emea',
    );
    expect(r.text).toContain(`FAIL ${enterprise}: when:`);
  });

  it('control: more specific playbooks for the customers both match settle it', async () => {
    await write('sales-to-delivery.yaml', playbook());
    await write('s2d-enterprise.yaml', playbook('{ tier: enterprise }'));
    await write('s2d-emea.yaml', playbook('{ region: [emea, uk] }'));
    await write('s2d-enterprise-emea.yaml', playbook('{ tier: enterprise, region: [emea, uk] }'));
    const r = await check();
    expect(r.lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('adjacent deal value bands never overlap (min <= value < max); overlapping ones do', async () => {
    await write('sales-to-delivery.yaml', playbook());
    await write('s2d-small.yaml', playbook('{ dealValue: { max: 50000 } }'));
    await write('s2d-large.yaml', playbook('{ dealValue: { min: 50000 } }'));
    const adjacent = await check();
    expect(adjacent.lines.filter((l) => l.level === 'error')).toEqual([]);
    await write('s2d-large.yaml', playbook('{ dealValue: { min: 49999 } }'));
    const overlapping = await check();
    expect(overlapping.lines.filter((l) => l.level === 'error' && l.field === 'when')).toHaveLength(1);
  });

  it('a when: that is not the grammar: the field and the fix', async () => {
    await write(
      'sales-to-delivery.yaml',
      playbook('{ tier: [], dealValue: { min: 10, max: 5 }, color: red }'),
    );
    const r = await check();
    expect(r.code).toBe(1);
    const fields = r.lines.filter((l) => l.level === 'error').map((l) => l.field);
    expect(fields).toEqual(expect.arrayContaining(['when.tier', 'when.dealValue', 'when.color']));
  });

  it('names a pair with segments and no default, and how many customers of the sending team fit none', async () => {
    await write('s2d-enterprise.yaml', playbook('{ tier: [enterprise, strategic] }'));
    await write('s2d-large.yaml', playbook('{ tier: standard, dealValue: { min: 100000 } }'));
    const store = await openLowdbStore({ file: data });
    await seedCustomers(
      store,
      aCustomer('ent', 'Initrode', 'sales', { attributes: { tier: 'Enterprise' } }),
      aCustomer('big', 'Vandelay', 'sales', { attributes: { tier: 'Standard', dealValue: 250000 } }),
      aCustomer('small', 'Kwik-E-Mart', 'sales', { attributes: { tier: 'standard', dealValue: 5000 } }),
      aCustomer('none', 'Plainview', 'sales'),
      aCustomer('later', 'Hanbit', 'delivery'),
    );
    await store.close();
    const r = await check(true);
    const warn = r.lines.find((l) => l.area === 'segments' && l.level === 'warn');
    expect(warn?.message).toContain('Sales → Delivery has no default');
    expect(warn?.message).toContain('tier enterprise or strategic | tier standard, dealValue 100000 or more');
    // Kwik-E-Mart and Plainview: counted by hand from the seed above.
    expect(warn?.message).toContain('2 of 4 customers with Sales now fit none');
    expect(warn).toMatchObject({ field: 'when', file: path.join(handoffs, 's2d-enterprise.yaml') });
    expect(warn?.fix).toContain('add a playbook from sales to delivery without when:');
    expect(r.text).toContain('warn segments: Sales → Delivery has no default');
    // A warning, not a failure: Baton still runs.
    expect(r.code).toBe(0);

    // Control: with a default, nobody falls through and the pair's segments are listed.
    await write('sales-to-delivery.yaml', playbook());
    const after = await check();
    expect(after.lines.filter((l) => l.area === 'segments' && l.level === 'warn')).toEqual([]);
    expect(after.lines).toContainEqual(
      expect.objectContaining({
        level: 'ok',
        area: 'segments',
        message: expect.stringContaining('s2d-enterprise'),
      }),
    );
  });
});

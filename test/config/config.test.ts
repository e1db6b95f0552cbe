import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batonRegistry } from '../../app/registry.js';
import { loadConfig } from '../../src/config/load-config.js';
import { loadPlaybooks } from '../../src/playbooks/load-playbooks.js';
import { runCli } from '../support/cli.js';
import { REPO, tempDir } from '../support/harness.js';

describe('config and playbooks', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir();
    await cp(path.join(REPO, 'handoffs'), path.join(tmp.dir, 'handoffs'), { recursive: true });
    await cp(path.join(REPO, 'baton.config.example.yaml'), path.join(tmp.dir, 'baton.config.yaml'));
  });
  afterEach(async () => tmp.cleanup());

  it('baton check passes on the bundled config and playbooks', async () => {
    const r = await runCli(['check'], {
      cwd: tmp.dir,
      env: { BATON_CONFIG: undefined, BATON_HANDOFFS: undefined },
    });
    expect(r.stdout).toContain('ok   config');
    expect(r.stdout).toContain('5 playbooks');
    expect(r.code).toBe(0);
  });

  it('names the file and the field of every problem in a broken playbook', async () => {
    const file = path.join(tmp.dir, 'handoffs', 'sales-to-delivery.yaml');
    await writeFile(
      file,
      ['from: sales', 'to: delivry', 'assign: whoever', 'sla:', '  accept: 4 hours', 'nudges: ["half"]'].join(
        '\n',
      ),
    );
    const r = await runCli(['check'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}: assign:`);
    expect(r.stdout).toContain(`${file}: sla.accept:`);
    expect(r.stdout).toMatch(/PT4H/);
    expect(r.stdout).toContain(`${file}: nudges.0:`);
  });

  it('names the team that does not exist', async () => {
    const file = path.join(tmp.dir, 'handoffs', 'sales-to-delivery.yaml');
    await writeFile(file, 'from: sales\nto: delivry\n');
    await expect(
      loadPlaybooks(
        path.join(tmp.dir, 'handoffs'),
        (await loadConfig('baton.config.yaml', batonRegistry.platforms, tmp.dir)).config,
      ),
    ).rejects.toThrow(`${file}: to: "delivry" is not a team in the config`);
  });

  it('refuses a config with a wrong time zone, a lead who is not a person and bad hours', async () => {
    const file = path.join(tmp.dir, 'broken.yaml');
    await writeFile(
      file,
      [
        'teams:',
        '  sales:',
        '    name: Sales',
        '    lead: nobody',
        '    timezone: Mars/Olympus',
        '    hours: { start: "17:00", end: "09:00", days: [mon] }',
        'people: {}',
      ].join('\n'),
    );
    const err = await loadConfig(file, batonRegistry.platforms).catch((e: Error & { code?: string }) => e);
    expect(err).toMatchObject({ code: 'CONFIG_INVALID' });
    const message = (err as Error).message;
    expect(message).toContain(`${file}: teams.sales.timezone: not an IANA time zone`);
    expect(message).toContain(`${file}: teams.sales.hours.end: end must be after start`);
    expect(message).toContain(`${file}: teams.sales.lead: "nobody" is not a key under people`);
  });

  it('points at the line of a YAML syntax error', async () => {
    const file = path.join(tmp.dir, 'baton.config.yaml');
    await writeFile(file, 'teams:\n  sales:\n    name: "Sales\n');
    const r = await runCli(['check'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/baton\.config\.yaml: config is not valid YAML at line \d+/);
  });

  it('stops the server start on an invalid playbook, naming the file', async () => {
    await writeFile(path.join(tmp.dir, 'handoffs', 'extra.yaml'), 'from: sales\nto: delivery\n');
    const r = await runCli(['start'], { cwd: tmp.dir, env: { BATON_PLAYGROUND: 'off', PORT: '0' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PLAYBOOK_INVALID');
    expect(r.stderr).toContain('sales-to-delivery.yaml: from/to: sales->delivery is already handled by');
    expect(r.stderr).toContain('extra.yaml');
  });

  it('prints help for every command', async () => {
    // Side by side: each is a whole CLI start, and a loaded machine makes five in a row slow.
    const asked = [['--help'], ['check', '--help'], ['report', 'gaps', '--help'], ['import', '--help']];
    const answers = await Promise.all(asked.map((args) => runCli(args)));
    answers.forEach((r, i) => {
      const args = (asked[i] ?? []).join(' ');
      expect(r.code, args).toBe(0);
      expect(r.stdout, args).toMatch(/Usage: baton/);
    });
    expect((await runCli(['frobnicate'])).code).toBe(2);
  }, 60_000);
});

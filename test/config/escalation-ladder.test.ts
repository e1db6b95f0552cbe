import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { batonRegistry } from '../../app/registry.js';
import { loadConfig } from '../../src/config/load-config.js';
import { loadPlaybooks } from '../../src/playbooks/load-playbooks.js';
import { REPO, tempDir } from '../support/harness.js';

type Problem = { text: string; file?: string; field?: string; fix?: string };

describe('an escalation ladder, checked against the config at load', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir();
    await mkdir(path.join(tmp.dir, 'handoffs'));
  });
  afterEach(() => tmp.cleanup());

  async function load(escalate: string) {
    const file = path.join(tmp.dir, 'handoffs', 'delivery-to-care.yaml');
    await writeFile(file, `from: delivery\nto: care\nsla: { accept: PT8H }\nescalate: ${escalate}\n`);
    const { config } = await loadConfig(
      path.join(REPO, 'baton.config.example.yaml'),
      batonRegistry.platforms,
    );
    return { file, result: loadPlaybooks(path.join(tmp.dir, 'handoffs'), config) };
  }

  const problemsOf = async (result: Promise<unknown>): Promise<Problem[]> => {
    const err = await result.then(
      () => undefined,
      (e: Error & { code?: string; details?: { problems?: Problem[] } }) => e,
    );
    expect(err).toMatchObject({ code: 'PLAYBOOK_INVALID' });
    return err?.details?.problems ?? [];
  };

  it('takes lead, a team, a person and a role of the config, and the old single percentage', async () => {
    const ladder = await load(
      '[{ at: "150%", to: lead }, { at: "200%", to: sales }, { at: "250%", to: priya }, { at: "300%", to: head-of-cx }]',
    );
    const [pb] = await ladder.result;
    expect(pb?.escalate).toEqual([
      { at: '150%', to: 'lead' },
      { at: '200%', to: 'sales' },
      { at: '250%', to: 'priya' },
      { at: '300%', to: 'head-of-cx' },
    ]);
    const [old] = await (await load('"150%"')).result;
    expect(old?.escalate).toBe('150%');
  });

  it('refuses a to that names nobody, with the file, the step’s field and what to write', async () => {
    const { file, result } = await load('[{ at: "150%", to: lead }, { at: "300%", to: head-of-sales }]');
    const problems = await problemsOf(result);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file, field: 'escalate[1].to' });
    expect(problems[0]?.text).toContain(
      `${file}: escalate[1].to: "head-of-sales" names nobody in the config`,
    );
    expect(problems[0]?.fix).toContain('use lead, a team (marketing, sales, delivery, care)');
    expect(problems[0]?.fix).toContain('or a role (head-of-cx)');
  });

  it('names a step’s own missing or misspelt field, not the whole ladder', async () => {
    const { file, result } = await load('[{ at: "150%", to: lead }, { at: "300%", too: head-of-cx }]');
    const problems = await problemsOf(result);
    expect(problems.map((p) => p.field).sort()).toEqual(['escalate.1.to', 'escalate.1.too']);
    expect(problems.every((p) => p.file === file && p.fix)).toBe(true);
  });

  it('refuses steps out of order, naming the later step', async () => {
    const { file, result } = await load('[{ at: "300%", to: lead }, { at: "150%", to: head-of-cx }]');
    const problems = await problemsOf(result);
    expect(problems).toEqual([
      expect.objectContaining({
        file,
        field: 'escalate[1].at',
        fix: 'list the steps from the earliest to the latest, each later than the one before',
      }),
    ]);
  });

  it('refuses a to that the config names twice (a team and a role alike)', async () => {
    const cfgFile = path.join(tmp.dir, 'baton.config.yaml');
    const cfg = parse(await readFile(path.join(REPO, 'baton.config.example.yaml'), 'utf8'));
    cfg.roles = { ...cfg.roles, sales: 'dana' };
    await writeFile(cfgFile, stringify(cfg));
    const { config } = await loadConfig(cfgFile, batonRegistry.platforms);
    const file = path.join(tmp.dir, 'handoffs', 'delivery-to-care.yaml');
    await writeFile(
      file,
      'from: delivery\nto: care\nsla: { accept: PT8H }\nescalate: [{ at: "150%", to: sales }]\n',
    );
    const problems = await problemsOf(loadPlaybooks(path.join(tmp.dir, 'handoffs'), config));
    expect(problems).toEqual([
      expect.objectContaining({ field: 'escalate[0].to', fix: 'rename one of them in the config' }),
    ]);
  });

  it('refuses a role held by nobody in the config', async () => {
    const cfgFile = path.join(tmp.dir, 'baton.config.yaml');
    const cfg = parse(await readFile(path.join(REPO, 'baton.config.example.yaml'), 'utf8'));
    cfg.roles = { 'head-of-cx': 'oliva' };
    await writeFile(cfgFile, stringify(cfg));
    const err = await loadConfig(cfgFile, batonRegistry.platforms).catch((e: Error) => e);
    expect(String((err as Error).message)).toContain('roles.head-of-cx: "oliva" is not a key under people');
  });
});

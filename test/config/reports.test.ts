import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { batonRegistry } from '../../app/registry.js';
import { loadConfig } from '../../src/config/load-config.js';
import { REPO, tempDir } from '../support/harness.js';

type Doc = Record<string, unknown> & { reports?: unknown };

describe('config: reports.weekly', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let example: Doc;
  beforeEach(async () => {
    tmp = await tempDir();
    example = YAML.parse(await readFile(path.join(REPO, 'baton.config.example.yaml'), 'utf8')) as Doc;
  });
  afterEach(async () => tmp.cleanup());

  const load = async (reports: unknown) => {
    const file = path.join(tmp.dir, 'baton.config.yaml');
    const doc: Doc = { ...example };
    if (reports === undefined) delete doc.reports;
    else doc.reports = reports;
    await writeFile(file, YAML.stringify(doc));
    return loadConfig(file, batonRegistry.platforms);
  };

  it('defaults to Monday 09:00, to the leads and admins', async () => {
    const { config } = await load(undefined);
    expect(config.reports.weekly).toEqual({ enabled: true, day: 'monday', time: '09:00' });
  });

  it('takes a day, a time and people who lead no team; the example names its CXO', async () => {
    const { config } = await load({
      weekly: { day: 'friday', time: '16:30', recipients: ['olivia', 'sam'] },
    });
    expect(config.reports.weekly).toEqual({
      enabled: true,
      day: 'friday',
      time: '16:30',
      recipients: ['olivia', 'sam'],
    });
    expect(example.reports).toEqual({ weekly: { day: 'monday', time: '09:00', recipients: ['olivia'] } });
  });

  it('is off with enabled: false', async () => {
    const { config } = await load({ weekly: { enabled: false } });
    expect(config.reports.weekly.enabled).toBe(false);
    await expect(load({ weekly: { enabled: 'no' } })).rejects.toThrow(
      /reports\.weekly\.enabled.*true or false/s,
    );
  });

  it('refuses a misspelt key, a day or time it cannot read, and someone not under people, naming the field', async () => {
    await expect(load({ weekly: { day: 'mon' } })).rejects.toThrow(/reports\.weekly\.day.*monday, tuesday/s);
    await expect(load({ weekly: { time: '9am' } })).rejects.toThrow(/reports\.weekly\.time.*HH:MM/s);
    await expect(load({ weekly: { recipients: ['cxo'] } })).rejects.toThrow(
      /reports\.weekly\.recipients\.0.*"cxo" is not a key under people/s,
    );
    await expect(load({ weekly: { dya: 'monday' } })).rejects.toThrow(/reports\.weekly.*dya/s);
    await expect(load({ monthly: {} })).rejects.toThrow(/reports.*monthly/s);
  });
});

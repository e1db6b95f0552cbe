import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batonRegistry } from '../../app/registry.js';
import { loadConfig } from '../../src/config/load-config.js';
import { loadPlaybooks } from '../../src/playbooks/load-playbooks.js';
import { REPO, tempDir } from '../support/harness.js';

describe('a playbook’s language fallbacks, checked against the config at load', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir();
    await mkdir(path.join(tmp.dir, 'handoffs'));
  });
  afterEach(() => tmp.cleanup());

  async function load(body: string) {
    const file = path.join(tmp.dir, 'handoffs', 'delivery-to-care.yaml');
    await writeFile(file, `from: delivery\nto: care\nsla: { accept: PT8H }\n${body}`);
    const { config } = await loadConfig(
      path.join(REPO, 'baton.config.example.yaml'),
      batonRegistry.platforms,
    );
    return { file, result: loadPlaybooks(path.join(tmp.dir, 'handoffs'), config) };
  }

  it('takes a team or a person of the config, per language', async () => {
    const { result } = await load('languages:\n  ko: delivery\n  ja-JP: jae\n');
    const [pb] = await result;
    expect(pb?.languages).toEqual({ ko: 'delivery', 'ja-JP': 'jae' });
  });

  it('refuses a name that is neither, saying which field and how to fix it', async () => {
    const { file, result } = await load('languages:\n  ko: care-korea\n');
    const err = await result.catch((e: Error & { code?: string }) => e);
    expect(err).toMatchObject({ code: 'PLAYBOOK_INVALID' });
    expect(String((err as Error).message)).toContain(
      `${file}: languages.ko: "care-korea" is neither a team nor a person in the config; name one (teams: marketing, sales, delivery, care) or a person's key`,
    );
  });

  it('refuses a language code that is not one, and two fallbacks for one language', async () => {
    const bad = await (await load('languages:\n  korean!: delivery\n')).result.catch((e: Error) => e);
    expect(String((bad as Error).message)).toMatch(
      /languages\.korean!: "korean!" is not a language code; use one like "ko" or "pt-BR"/,
    );
    const { file, result } = await load('languages:\n  ko: delivery\n  ko-KR: jae\n');
    const twice = await result.catch((e: Error) => e);
    expect(String((twice as Error).message)).toContain(
      `${file}: languages.ko-KR: "ko" already names the fallback for ko; keep one of the two`,
    );
  });
});

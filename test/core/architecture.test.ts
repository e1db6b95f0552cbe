import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/harness.js';

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(REPO, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(rel)));
    else if (entry.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

const importsOf = (text: string) =>
  [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');

describe('module boundaries', () => {
  it('keeps Slack and Teams SDKs out of the core', async () => {
    const offenders: string[] = [];
    for (const file of await sources('src')) {
      const text = await readFile(path.join(REPO, file), 'utf8');
      for (const spec of importsOf(text)) {
        if (/^(@slack\/|botbuilder|botframework-|@microsoft\/teams)/.test(spec))
          offenders.push(`${file}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps botbuilder inside adapters/teams, so a move to the new Teams SDK is one folder', async () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'adapters']) {
      for (const file of await sources(dir)) {
        if (file.startsWith(`adapters${path.sep}teams${path.sep}`)) continue;
        const text = await readFile(path.join(REPO, file), 'utf8');
        for (const spec of importsOf(text))
          if (/^(botbuilder|botframework-)/.test(spec)) offenders.push(`${file}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps each platform adapter independent of the other', async () => {
    const offenders: string[] = [];
    for (const [dir, other] of [
      ['adapters/slack', 'teams'],
      ['adapters/teams', 'slack'],
    ] as const) {
      for (const file of await sources(dir)) {
        const text = await readFile(path.join(REPO, file), 'utf8');
        for (const spec of importsOf(text))
          if (spec.includes(`/${other}/`)) offenders.push(`${file}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps test and tool code out of the production build: src and adapters import none of it', async () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'adapters']) {
      for (const file of await sources(dir)) {
        const text = await readFile(path.join(REPO, file), 'utf8');
        for (const spec of importsOf(text)) {
          if (!spec.startsWith('.')) continue;
          const target = path.relative(REPO, path.resolve(REPO, path.dirname(file), spec));
          if (/^(test|tools)([\\/]|$)/.test(target)) offenders.push(`${file}: ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('never reads the wall clock in the domain, services or scheduler (the clock is injected)', async () => {
    const offenders: string[] = [];
    for (const dir of ['src/domain', 'src/services', 'src/scheduler', 'src/time', 'src/cards', 'src/views']) {
      for (const file of await sources(dir)) {
        const text = await readFile(path.join(REPO, file), 'utf8');
        if (/Date\.now\(\)|new Date\(\)/.test(text)) offenders.push(file);
      }
    }
    expect(offenders).toEqual([]);
  });
});

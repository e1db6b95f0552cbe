import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './support/harness.js';

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

/**
 * Where a core file reaches into adapters/ or the composition root app/: static `import`/`export ... from`,
 * side-effect `import '...'`, dynamic `import('...')` (also with a template literal), and `require(...)`.
 * A dynamic import whose specifier is not a literal cannot be checked, so it counts as an offence too.
 */
function coreBoundaryOffences(file: string, text: string): string[] {
  const offences: string[] = [];
  const specs = [...text.matchAll(/(?:\bfrom|\bimport|\brequire)\s*\(?\s*(['"`])([^'"`]+)\1/g)].map(
    (m) => m[2] ?? '',
  );
  for (const spec of specs) {
    if (!spec.startsWith('.')) continue;
    const target = path.relative(REPO, path.resolve(REPO, path.dirname(file), spec));
    if (/^(adapters|app)([\\/]|$)/.test(target)) offences.push(`${file}: ${spec}`);
  }
  for (const m of text.matchAll(/\b(?:import|require)\s*\(\s*([^'"`\s)][^)]*)\)/g))
    offences.push(`${file}: import(${m[1]}) is not a literal, so its target cannot be checked`);
  return offences;
}

/**
 * Ways the core could name a chat platform or a shipped system of record:
 * its name in any case, its vendor, its SDK or card format, its variables,
 * and `teams` as a string
 * unless it opens a config path (`['teams', key, ...]`, the organisation's
 * teams). Lower-case `teams` as a word is the organisation's teams, so it
 * stays allowed; capitalised `Teams` is the product.
 */
const PLATFORM_NAMES: Array<[string, RegExp]> = [
  ['slack', /slack/i],
  ['microsoft', /microsoft/i],
  ['bot framework', /bot ?framework|botbuilder/i],
  ['block kit', /block ?kit/i],
  ['adaptive card', /adaptive ?card/i],
  ['playground', /playground/i],
  ['Teams (the product)', /\bTeams\b/],
  ['a TEAMS_ variable', /\bTEAMS_/],
  ["'teams' as a platform", /(?<!\[\s*)(['"`])teams\1/],
  ['a system of record', /hubspot|salesforce|stripe/i],
];

function platformNameOffences(file: string, text: string): string[] {
  const offences: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const [what, re] of PLATFORM_NAMES) if (re.test(line)) offences.push(`${file}:${i + 1}: ${what}`);
  });
  return offences;
}

describe('the core knows no platform', () => {
  it('names no chat platform in src/, code or comments, outside the i18n catalogs', async () => {
    const offenders: string[] = [];
    for (const file of await sources('src')) {
      if (file.startsWith(`src${path.sep}i18n${path.sep}`)) continue;
      offenders.push(...platformNameOffences(file, await readFile(path.join(REPO, file), 'utf8')));
    }
    expect(offenders).toEqual([]);
  });

  it("control: the check catches each form a platform name takes, and not the organisation's teams", () => {
    const caught = (line: string) => platformNameOffences('src/x.ts', line).length;
    expect(caught("if (platform === 'slack') return;")).toBe(1);
    expect(caught('// Slack retries after 3 s')).toBe(1);
    expect(caught('const id = env.MicrosoftAppId;')).toBe(1);
    expect(caught('/** The Bot Framework connector */')).toBe(1);
    expect(caught("import { TurnContext } from 'botbuilder';")).toBe(1);
    expect(caught('// render as Block Kit')).toBe(1);
    expect(caught('// an Adaptive Card')).toBe(1);
    expect(caught('// start the Playground')).toBe(1);
    expect(caught('/** Teams conversation references */')).toBe(1);
    expect(caught('const url = env.TEAMS_SERVICE_URL;')).toBe(1);
    expect(caught("if (platforms.includes('teams')) out.push('x');")).toBe(1);
    expect(caught('const p = "teams";')).toBe(1);
    expect(caught('case `teams`:')).toBe(1);
    expect(caught("const url = 'https://app.hubspot.com/contacts/_/company/' + id;")).toBe(1);
    expect(caught("const SYSTEM_NAMES = { salesforce: 'Salesforce', stripe: 'Stripe' };")).toBe(1);
    // The organisation's teams are not a platform.
    expect(caught('for (const [k, team] of Object.entries(cfg.teams)) {')).toBe(0);
    expect(caught("ctx.addIssue({ path: ['teams', k, 'lead'] });")).toBe(0);
    expect(caught('/** Journey order; defaults to the order teams are written in. */')).toBe(0);
    expect(caught("fail('TEAM_NOT_FOUND', { teams: list });")).toBe(0);
  });
});

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

  it('keeps the core free of adapters/ and the composition root app/ (static and dynamic imports)', async () => {
    const offenders: string[] = [];
    for (const file of await sources('src')) {
      offenders.push(...coreBoundaryOffences(file, await readFile(path.join(REPO, file), 'utf8')));
    }
    expect(offenders).toEqual([]);
  });

  it('control: the core boundary check catches every form of import into adapters/ or app/', () => {
    const file = path.join('src', 'services', 'example.ts');
    const caught = (line: string) => coreBoundaryOffences(file, line).length;
    expect(caught("import { createSlackAdapter } from '../../adapters/slack/index.js';")).toBe(1);
    expect(caught("import type { Baton } from '../../app/app.js';")).toBe(1);
    expect(caught("export { openStore } from '../../app/open-store.js';")).toBe(1);
    expect(caught("import '../../adapters/teams/index.js';")).toBe(1);
    expect(caught("const { x } = await import('../../adapters/store/postgres/index.js');")).toBe(1);
    expect(caught('const m = await import(`../../app/cli/main.js`);')).toBe(1);
    expect(caught("const m = await import(\n  '../../adapters/csv/import.js'\n);")).toBe(1);
    expect(caught('const m = await import(modulePath);')).toBe(1);
    // The same names inside the core, and packages, are not offences.
    expect(caught("import { createServices } from '../services/index.js';")).toBe(0);
    expect(caught("import { x } from './adapters/local.js';")).toBe(0);
    expect(caught("import { z } from 'zod';")).toBe(0);
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

  it('keeps test and tool code out of the production build: src, adapters and app import none of it', async () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'adapters', 'app']) {
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

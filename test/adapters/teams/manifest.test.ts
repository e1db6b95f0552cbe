import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as appManifest from '@microsoft/app-manifest';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTeamsPackage } from '../../../adapters/teams/package.js';
import { REPO, tempDir } from '../../support/harness.js';

type Utils = { validateAgainstSchema(manifest: unknown): Promise<string[]> };
const mod = appManifest as unknown as { AppManifestUtils?: Utils; default?: { AppManifestUtils: Utils } };
const AppManifestUtils = (mod.AppManifestUtils ?? mod.default?.AppManifestUtils) as Utils;

const MANIFEST_DIR = path.join(REPO, 'manifest/teams');

async function manifest(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(png);
  expect(view.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

describe('Teams app manifest and package', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('validates offline against the official schema it names (1.17 or later)', async () => {
    const m = await manifest();
    expect(Number(String(m.manifestVersion).split('.')[1])).toBeGreaterThanOrEqual(17);
    expect(await AppManifestUtils.validateAgainstSchema(m)).toEqual([]);
    // The check is real: a broken manifest is refused.
    const broken = { ...m, bots: [{ botId: 'x', scopes: ['everywhere'] }] };
    expect((await AppManifestUtils.validateAgainstSchema(broken)).length).toBeGreaterThan(0);
  });

  it('has the bot in personal, team and group chats, with commands and channel-reading consent', async () => {
    const m = (await manifest()) as {
      bots: Array<{ scopes: string[]; commandLists: Array<{ commands: Array<{ title: string }> }> }>;
      authorization: { permissions: { resourceSpecific: Array<{ name: string }> } };
    };
    expect(m.bots[0]?.scopes).toEqual(['personal', 'team', 'groupChat']);
    const titles = m.bots[0]?.commandLists.flatMap((l) => l.commands.map((c) => c.title));
    expect(titles).toEqual(expect.arrayContaining(['handoff', 'cx', 'mine', 'contact', 'gaps', 'help']));
    expect(m.authorization.permissions.resourceSpecific.map((p) => p.name)).toContain(
      'ChannelMessage.Read.Group',
    );
  });

  it('builds the zip with the app id put in, and real icons of the right sizes', async () => {
    const tmp = await tempDir('baton-teams-pkg-');
    cleanups.push(tmp.cleanup);
    const appId = '11111111-2222-3333-4444-555555555555';
    const out = await buildTeamsPackage({
      manifestDir: MANIFEST_DIR,
      out: path.join(tmp.dir, 'baton.zip'),
      appId,
    });
    const files = unzipSync(await readFile(out));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const packed = JSON.parse(Buffer.from(files['manifest.json'] as Uint8Array).toString('utf8')) as {
      id: string;
      bots: Array<{ botId: string }>;
      webApplicationInfo: { id: string };
    };
    expect(packed.id).toBe(appId);
    expect(packed.bots[0]?.botId).toBe(appId);
    expect(packed.webApplicationInfo.id).toBe(appId);
    expect(await AppManifestUtils.validateAgainstSchema(packed)).toEqual([]);
    expect(pngSize(files['color.png'] as Uint8Array)).toEqual({ width: 192, height: 192 });
    expect(pngSize(files['outline.png'] as Uint8Array)).toEqual({ width: 32, height: 32 });
  });

  it('refuses an app id that is not a GUID', async () => {
    await expect(
      buildTeamsPackage({ manifestDir: MANIFEST_DIR, out: '/tmp/never.zip', appId: 'not-a-guid' }),
    ).rejects.toThrow(/GUID/);
  });
});

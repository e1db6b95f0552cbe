import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { zipSync } from 'fflate';
import { BatonError } from '../../src/errors.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Manifest {
  id?: string;
  icons?: { color?: string; outline?: string };
  bots?: Array<{ botId?: string }>;
  webApplicationInfo?: { id?: string };
}

/**
 * The Teams app package to upload (Apps > Manage your apps > Upload an app):
 * manifest.json and its two icons in one zip. With `appId` (MicrosoftAppId),
 * the bot, the app and the resource-specific consent all name that Entra
 * app registration.
 */
export async function buildTeamsPackage(opts: {
  manifestDir: string;
  out: string;
  appId?: string;
}): Promise<string> {
  const file = path.join(opts.manifestDir, 'manifest.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(file, 'utf8')) as Manifest;
  } catch (err) {
    throw new BatonError('TEAMS_MANIFEST', `Cannot read ${file}: ${(err as Error).message}`);
  }
  if (opts.appId !== undefined) {
    if (!GUID.test(opts.appId)) {
      throw new BatonError(
        'TEAMS_MANIFEST',
        `MicrosoftAppId must be a GUID (the Entra app id), got "${opts.appId}"`,
      );
    }
    manifest.id = opts.appId;
    for (const b of manifest.bots ?? []) b.botId = opts.appId;
    if (manifest.webApplicationInfo) manifest.webApplicationInfo.id = opts.appId;
  }
  const files: Record<string, Uint8Array> = {
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
  };
  for (const icon of [manifest.icons?.color, manifest.icons?.outline]) {
    if (!icon) throw new BatonError('TEAMS_MANIFEST', `${file} names no color and outline icons`);
    try {
      files[icon] = await readFile(path.join(opts.manifestDir, icon));
    } catch {
      throw new BatonError('TEAMS_MANIFEST', `The icon ${icon} named in ${file} is missing`);
    }
  }
  await mkdir(path.dirname(opts.out), { recursive: true });
  await writeFile(opts.out, zipSync(files, { level: 9 }));
  return opts.out;
}

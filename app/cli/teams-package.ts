import path from 'node:path';
import { teamsPlatform } from '../../adapters/teams/platform.js';
import { envOf } from '../../src/registry/registry.js';
import { envAndLogger, options } from './common.js';

const USAGE = `Usage: baton teams-package [--out baton-teams.zip] [--manifest manifest/teams]

Builds the Teams app package (manifest.json and both icons) to upload in
Teams (Apps > Manage your apps > Upload an app). The bot id is taken from
MicrosoftAppId.`;

export async function runTeamsPackage(args: string[]): Promise<number> {
  const o = options(args, { out: { type: 'string' }, manifest: { type: 'string' } }, USAGE);
  if (!o) return process.exitCode === 2 ? 2 : 0;
  const { env: core } = envAndLogger('warn');
  const env = envOf(teamsPlatform, core);
  const { buildTeamsPackage } = await import('../../adapters/teams/package.js');
  const out = await buildTeamsPackage({
    manifestDir: path.resolve(String(o.values.manifest ?? 'manifest/teams')),
    out: path.resolve(String(o.values.out ?? 'baton-teams.zip')),
    ...(env.MicrosoftAppId ? { appId: env.MicrosoftAppId } : {}),
  });
  process.stdout.write(`Built ${out}\n`);
  return 0;
}

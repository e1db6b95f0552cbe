import { createBaton } from '../app.js';
import { envAndLogger, options } from './common.js';

const USAGE = `Usage: baton import <file.csv> [--apply]

Loads customers with their owners, stage, language and last contact from a
CRM export. Header names are matched case-insensitively (e.g. "Company Name",
"Owner Email", "Lifecycle Stage"). Without --apply it is a dry run: it reports
what it would create or update and every row it cannot use, and writes nothing.`;

export async function runImport(args: string[]): Promise<number> {
  const o = options(args, { apply: { type: 'boolean' } }, USAGE);
  if (!o) return process.exitCode === 2 ? 2 : 0;
  const file = o.positionals[0];
  if (!file) {
    process.stderr.write(`baton import: name the CSV file\n\n${USAGE}\n`);
    return 2;
  }
  const { env, log } = envAndLogger('warn');
  const { importCsv, formatImportReport } = await import('../../adapters/csv/import.js');
  // The import runs through the same services (and store lock) as the server: stop Baton first.
  const baton = await createBaton({ env, log, adapters: async () => [] });
  try {
    const report = await importCsv({ file, apply: o.values.apply === true, services: baton.services });
    process.stdout.write(`${formatImportReport(report)}\n`);
    return 0;
  } finally {
    await baton.stop();
  }
}

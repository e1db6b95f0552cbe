#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { errorMessage, isBatonError } from '../../src/errors.js';
import { runBackup } from './backup.js';
import { runCheck } from './check.js';
import { runExport } from './export.js';
import { runImport } from './import.js';
import { runMigrate, runMigrateData } from './migrate.js';
import { runPlayground } from './playground.js';
import { runReportGaps } from './report.js';
import { runReportJourney } from './report-journey.js';
import { runRestore } from './restore.js';
import { runStart } from './start.js';
import { runTeamsPackage } from './teams-package.js';

const HELP = `baton: carries customers across team handoffs (Slack and Microsoft Teams)

Usage: baton <command> [options]

Commands:
  start                     run the server on PORT (default 3978)
  check                     validate config, playbooks and the store; with credentials, the channels
  report gaps [--json]      post-purchase customers past their contact SLA, worst first
  report journey [--since 30d] [--by week,team,playbook,source,language,from] [--json]
                            handoff journey figures: SLA rates, times to accept and contact
  export audit|handoffs|customers [--since 30d] [--format csv|jsonl] [--out F]
                            stream a list as CSV or JSON Lines (erased customers stay erased)
  backup <file>             a consistent copy of the embedded store, while Baton runs
  restore <file> [--force]  bring a backup back (Baton stopped; --force replaces existing data)
  import <file.csv> [--apply]
                            load customers and owners from a CRM export (dry run unless --apply)
  teams-package [--out F]   build the Teams app zip from manifest/teams/
  playground                start the Microsoft 365 Agents Playground against a running Baton
  migrate                   apply PostgreSQL migrations (DATABASE_URL)
  migrate-data --from <file> --to <postgres-url>
                            move an embedded deployment to PostgreSQL (resumable)

Every command takes --help. Configuration comes from environment variables
(see README.md): BATON_CONFIG, BATON_HANDOFFS, BATON_DATA_FILE, DATABASE_URL, ...`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  start: runStart,
  check: runCheck,
  report: async (args) => {
    const [what, ...rest] = args;
    if (what === 'gaps') return runReportGaps(rest);
    if (what === 'journey') return runReportJourney(rest);
    process.stdout.write(
      'Usage: baton report gaps [--json]\n       baton report journey [--since 30d] [--by ...] [--json]\n',
    );
    return what === '--help' || what === '-h' ? 0 : 2;
  },
  export: runExport,
  backup: runBackup,
  restore: runRestore,
  import: runImport,
  'teams-package': runTeamsPackage,
  playground: runPlayground,
  migrate: runMigrate,
  'migrate-data': runMigrateData,
};

export async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, strict: false, allowPositionals: true });
  const name = positionals[0];
  if (!name || name === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(`${HELP}\n`);
    return name || argv.length === 0 ? 0 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`baton: unknown command "${name}"\n\n${HELP}\n`);
    return 2;
  }
  return command(argv.slice(argv.indexOf(name) + 1));
}

main(process.argv.slice(2)).then(
  (code) => {
    // `start` keeps running and sets its own exit; others finish here.
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (isBatonError(err)) process.stderr.write(`baton: ${err.code}: ${err.message}\n`);
    else process.stderr.write(`baton: ${errorMessage(err)}\n`);
    process.exitCode = 1;
  },
);

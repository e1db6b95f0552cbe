import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readYamlFile } from '../config/load-yaml.js';
import { ownValue } from '../config/own.js';
import type { BatonConfig } from '../config/schema.js';
import { type FileProblem, fileProblems } from '../config/zod-issues.js';
import { primaryLanguage } from '../domain/languages.js';
import { BatonError, isBatonError } from '../errors.js';
import { escalateProblems } from './check-escalate.js';
import { type Playbook, playbookSchema } from './schema.js';
import { segmentProblems } from './segments.js';

/**
 * Reads every `*.yaml` in the folder. All problems of all files are reported
 * together, each naming its file and field, so one `baton check` shows them all
 * (in the error's `details.problems`, each with its fix). Without a config
 * (it did not load) the files are checked on their own, not against its teams.
 */
export async function loadPlaybooks(dir: string, config: BatonConfig | undefined): Promise<Playbook[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (err) {
    throw new BatonError(
      'PLAYBOOKS_UNREADABLE',
      `${dir}: cannot read the playbooks folder (${(err as NodeJS.ErrnoException).code ?? String(err)}). Set BATON_HANDOFFS to the folder of your handoff playbooks.`,
    );
  }
  if (names.length === 0) {
    throw new BatonError(
      'PLAYBOOKS_MISSING',
      `${dir}: no playbooks (*.yaml) found. Add at least one handoff playbook.`,
    );
  }
  const problems: FileProblem[] = [];
  const playbooks: Playbook[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const raw = await readYamlFile(file, 'playbook');
      const parsed = playbookSchema.safeParse(raw ?? {});
      if (!parsed.success) {
        problems.push(...fileProblems(file, parsed.error));
        continue;
      }
      const pb: Playbook = { ...parsed.data, id: name.replace(/\.ya?ml$/i, ''), file };
      if (config) problems.push(...crossCheck(pb, config));
      playbooks.push(pb);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      const fix =
        isBatonError(err) && err.code === 'YAML_INVALID'
          ? 'correct the YAML at the line and column named'
          : undefined;
      problems.push({ text, file, ...(fix ? { fix } : {}) });
    }
  }
  problems.push(...segmentProblems(playbooks));
  if (problems.length > 0) {
    throw new BatonError(
      'PLAYBOOK_INVALID',
      `${problems.map((p) => p.text).join('\n')}\nFix the playbooks and start again.`,
      { problems },
    );
  }
  return playbooks;
}

/** A problem of one playbook field, with the line people read and what to do. */
const problem = (pb: Playbook, field: string, what: string, fix: string, label = field): FileProblem => ({
  text: `${pb.file}: ${label}: ${what}`,
  file: pb.file,
  field,
  fix,
});

function crossCheck(pb: Playbook, config: BatonConfig): FileProblem[] {
  const out: FileProblem[] = [];
  const teams = Object.keys(config.teams).join(', ');
  const from = ownValue(config.teams, pb.from);
  const to = ownValue(config.teams, pb.to);
  const useATeam = `use one of the config's teams (${teams}), or add the team to the config`;
  if (!from)
    out.push(problem(pb, 'from', `"${pb.from}" is not a team in the config (teams: ${teams})`, useATeam));
  if (!to) out.push(problem(pb, 'to', `"${pb.to}" is not a team in the config (teams: ${teams})`, useATeam));
  if (pb.assign === 'lead' && to && !to.lead) {
    out.push(
      problem(
        pb,
        'assign',
        `"lead" but team "${pb.to}" has no lead in the config`,
        `give team "${pb.to}" a lead in the config, or choose another assign mode`,
      ),
    );
  }
  out.push(...escalateProblems(pb, config));
  out.push(...languageFallbacks(pb, config));
  const isCadenceOnly = pb.from === pb.to;
  if (isCadenceOnly && !pb.sla.cadence)
    out.push(
      problem(pb, 'sla.cadence', 'a playbook within one team needs a cadence', 'add sla.cadence, e.g. "P7D"'),
    );
  return out;
}

/** Each fallback of `languages` names one team or one person of the config, once per language. */
function languageFallbacks(pb: Playbook, config: BatonConfig): FileProblem[] {
  const out: FileProblem[] = [];
  const seen = new Map<string, string>();
  for (const [lang, key] of Object.entries(pb.languages)) {
    const field = `languages.${lang}`;
    // The line people read says what to do too, as every other playbook problem does.
    const at = (what: string, fix: string) => problem(pb, field, `${what}; ${fix}`, fix);
    if (!/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(lang)) {
      out.push(at(`"${lang}" is not a language code`, 'use one like "ko" or "pt-BR"'));
      continue;
    }
    const primary = primaryLanguage(lang) ?? lang;
    const before = seen.get(primary);
    if (before !== undefined)
      out.push(at(`"${before}" already names the fallback for ${primary}`, 'keep one of the two'));
    seen.set(primary, lang);
    const team = ownValue(config.teams, key);
    const person = ownValue(config.people, key);
    if (team && person) {
      out.push(at(`"${key}" is both a team and a person in the config`, 'rename one of them'));
    } else if (!team && !person) {
      const teams = Object.keys(config.teams).join(', ');
      out.push(
        at(
          `"${key}" is neither a team nor a person in the config`,
          `name one (teams: ${teams}) or a person's key`,
        ),
      );
    } else if (team && pb.assign === 'lead' && !team.lead) {
      out.push(
        at(
          `assign: "lead" but fallback team "${key}" has no lead`,
          `give team "${key}" a lead in the config`,
        ),
      );
    }
  }
  return out;
}

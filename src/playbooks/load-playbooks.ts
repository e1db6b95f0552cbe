import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readYamlFile } from '../config/load-yaml.js';
import { ownValue } from '../config/own.js';
import type { BatonConfig } from '../config/schema.js';
import { describeIssues } from '../config/zod-issues.js';
import { primaryLanguage } from '../domain/languages.js';
import { BatonError } from '../errors.js';
import { type Playbook, playbookSchema } from './schema.js';

/**
 * Reads every `*.yaml` in the folder. All problems of all files are reported
 * together, each naming its file and field, so one `baton check` shows them all.
 */
export async function loadPlaybooks(dir: string, config: BatonConfig): Promise<Playbook[]> {
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
  const problems: string[] = [];
  const playbooks: Playbook[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const raw = await readYamlFile(file, 'playbook');
      const parsed = playbookSchema.safeParse(raw ?? {});
      if (!parsed.success) {
        problems.push(describeIssues(file, parsed.error));
        continue;
      }
      const pb: Playbook = { ...parsed.data, id: name.replace(/\.ya?ml$/i, ''), file };
      problems.push(...crossCheck(pb, config));
      playbooks.push(pb);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  problems.push(...duplicatePairs(playbooks));
  if (problems.length > 0) {
    throw new BatonError('PLAYBOOK_INVALID', `${problems.join('\n')}\nFix the playbooks and start again.`);
  }
  return playbooks;
}

function crossCheck(pb: Playbook, config: BatonConfig): string[] {
  const out: string[] = [];
  const teams = Object.keys(config.teams).join(', ');
  const from = ownValue(config.teams, pb.from);
  const to = ownValue(config.teams, pb.to);
  if (!from) out.push(`${pb.file}: from: "${pb.from}" is not a team in the config (teams: ${teams})`);
  if (!to) out.push(`${pb.file}: to: "${pb.to}" is not a team in the config (teams: ${teams})`);
  if (pb.assign === 'lead' && to && !to.lead) {
    out.push(`${pb.file}: assign: "lead" but team "${pb.to}" has no lead in the config`);
  }
  if (pb.escalate && !to?.lead) {
    out.push(`${pb.file}: escalate: team "${pb.to}" has no lead to escalate to; add one in the config`);
  }
  out.push(...languageFallbacks(pb, config));
  const isCadenceOnly = pb.from === pb.to;
  if (isCadenceOnly && !pb.sla.cadence)
    out.push(`${pb.file}: sla.cadence: a playbook within one team needs a cadence`);
  return out;
}

/** Each fallback of `languages` names one team or one person of the config, once per language. */
function languageFallbacks(pb: Playbook, config: BatonConfig): string[] {
  const out: string[] = [];
  const seen = new Map<string, string>();
  for (const [lang, key] of Object.entries(pb.languages)) {
    const field = `${pb.file}: languages.${lang}`;
    if (!/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(lang)) {
      out.push(`${field}: "${lang}" is not a language code; use one like "ko" or "pt-BR"`);
      continue;
    }
    const primary = primaryLanguage(lang) ?? lang;
    const before = seen.get(primary);
    if (before !== undefined)
      out.push(`${field}: "${before}" already names the fallback for ${primary}; keep one of the two`);
    seen.set(primary, lang);
    const team = ownValue(config.teams, key);
    const person = ownValue(config.people, key);
    if (team && person) {
      out.push(`${field}: "${key}" is both a team and a person in the config; rename one of them`);
    } else if (!team && !person) {
      const teams = Object.keys(config.teams).join(', ');
      out.push(
        `${field}: "${key}" is neither a team nor a person in the config; name one (teams: ${teams}) or a person's key`,
      );
    } else if (team && pb.assign === 'lead' && !team.lead) {
      out.push(`${field}: assign: "lead" but fallback team "${key}" has no lead; add one in the config`);
    }
  }
  return out;
}

function duplicatePairs(playbooks: Playbook[]): string[] {
  const seen = new Map<string, Playbook>();
  const out: string[] = [];
  for (const pb of playbooks) {
    const pair = `${pb.from}->${pb.to}`;
    const other = seen.get(pair);
    if (other)
      out.push(
        `${pb.file}: from/to: ${pair} is already handled by ${other.file}; keep one playbook per handoff`,
      );
    else seen.set(pair, pb);
  }
  return out;
}

import { type PlaybookTerms, termsOf } from '../playbooks/schema.js';
import type { Directory } from './directory.js';

/** What a config change changed, as the audit entry `config.changed` says it. */
export interface ConfigChange {
  files: string[];
  playbooks: {
    added: string[];
    removed: string[];
    /** Playbooks whose file changed, with the SLA before and after, and all their terms when more than the SLA changed. */
    changed: Array<{
      id: string;
      sla: { before: PlaybookTerms['sla']; after: PlaybookTerms['sla'] };
      terms?: { before: PlaybookTerms; after: PlaybookTerms };
    }>;
  };
  people: { added: string[]; removed: string[] };
  teams: { added: string[]; removed: string[] };
}

const keysDiff = (before: Iterable<string>, after: Iterable<string>) => {
  const b = new Set(before);
  const a = new Set(after);
  return { added: [...a].filter((k) => !b.has(k)).sort(), removed: [...b].filter((k) => !a.has(k)).sort() };
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** `files`: the changed files; a playbook counts as changed when its file is one of them. */
export function diffDirectories(before: Directory, after: Directory, files: readonly string[]): ConfigChange {
  const touched = new Set(files);
  const changed: ConfigChange['playbooks']['changed'] = [];
  for (const pb of after.playbooks) {
    const old = before.playbook(pb.id);
    if (!old || (!touched.has(pb.file) && !touched.has(old.file))) continue;
    const t = { before: termsOf(old), after: termsOf(pb) };
    changed.push({
      id: pb.id,
      sla: { before: t.before.sla, after: t.after.sla },
      ...(same({ ...t.before, sla: 0 }, { ...t.after, sla: 0 }) ? {} : { terms: t }),
    });
  }
  return {
    files: [...files],
    playbooks: {
      ...keysDiff(
        before.playbooks.map((p) => p.id),
        after.playbooks.map((p) => p.id),
      ),
      changed,
    },
    people: keysDiff(Object.keys(before.config.people), Object.keys(after.config.people)),
    teams: keysDiff(Object.keys(before.config.teams), Object.keys(after.config.teams)),
  };
}

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Where the config Baton runs on is read from: one file and one folder of playbooks. */
export interface ConfigSource {
  configFile: string;
  playbookDir: string;
}

/** What the files held when read: a hash per file, and one for all of them together. */
export interface FilesSnapshot {
  /** Short hash of every file's name and content: equal on two replicas that read the same files. */
  fingerprint: string;
  /** Absolute path → hash of its content (`missing` or `unreadable` when it could not be read). */
  files: ReadonlyMap<string, string>;
}

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Reads the config file and every playbook file and hashes them: cheap enough
 * to run every few seconds (a handful of small files), and what tells a real
 * change from an editor touching a file, or two replicas apart.
 */
export async function snapshotFiles(src: ConfigSource): Promise<FilesSnapshot> {
  const files = new Map<string, string>();
  files.set(src.configFile, await hashOf(src.configFile));
  const names = await readdir(src.playbookDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => /\.ya?ml$/i.test(n)).sort())
    files.set(path.join(src.playbookDir, name), await hashOf(path.join(src.playbookDir, name)));
  return { fingerprint: fingerprintOf(src, files), files };
}

async function hashOf(file: string): Promise<string> {
  try {
    return sha(await readFile(file));
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
}

/** Names relative to their folder, so replicas with the same files in different paths agree. */
function fingerprintOf(src: ConfigSource, files: ReadonlyMap<string, string>): string {
  const lines = [...files].map(([file, hash]) =>
    file === src.configFile ? `config\0${hash}` : `${path.basename(file)}\0${hash}`,
  );
  return sha(lines.join('\n')).slice(0, 12);
}

/** The files whose content differs between two snapshots (added and removed ones too), sorted. */
export function changedFiles(before: FilesSnapshot, after: FilesSnapshot): string[] {
  const out = new Set<string>();
  for (const [file, hash] of after.files) if (before.files.get(file) !== hash) out.add(file);
  for (const file of before.files.keys()) if (!after.files.has(file)) out.add(file);
  return [...out].sort();
}

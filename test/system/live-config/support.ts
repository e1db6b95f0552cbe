import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { REPO } from '../../support/harness.js';

/** A copy of the example config and playbooks in `dir`, as an operator's own files. */
export async function copyExample(dir: string): Promise<{ config: string; handoffs: string }> {
  const config = path.join(dir, 'baton.config.yaml');
  const handoffs = path.join(dir, 'handoffs');
  await cp(path.join(REPO, 'baton.config.example.yaml'), config);
  await cp(path.join(REPO, 'handoffs'), handoffs, { recursive: true });
  return { config, handoffs };
}

/**
 * Rewrites a playbook as an editor that saves safely does: a new file renamed
 * over the old one (the case plain file watches miss).
 */
export async function editPlaybook(
  handoffs: string,
  name: string,
  edit: (pb: Record<string, unknown>) => void,
): Promise<void> {
  const file = path.join(handoffs, `${name}.yaml`);
  const pb = YAML.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(pb);
  await writeText(file, YAML.stringify(pb));
}

export async function writeText(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-save`;
  await writeFile(tmp, text);
  const { rename } = await import('node:fs/promises');
  await rename(tmp, file);
}

export interface Readyz {
  status: number;
  body: {
    ok: boolean;
    checks: Record<string, { ok: boolean; detail: string }>;
    warnings?: string[];
  };
}

export async function readyz(url: string): Promise<Readyz> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as Readyz['body'] };
}

/**
 * Waits until `probe` returns something, asking again every 50 ms: the file
 * watch and the poll run on real timers. The limit only keeps a broken build
 * from hanging; nothing is asserted about how long it took.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  limitMs = 30_000,
): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

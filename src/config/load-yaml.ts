import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { BatonError } from '../errors.js';

/** Reads a YAML file; a syntax error names the file, line and column. */
export async function readYamlFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new BatonError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
      `${file}: cannot read the ${what} (${code ?? String(err)}). Check the path and permissions.`,
      { file },
    );
  }
  try {
    return parse(text, { prettyErrors: true });
  } catch (err) {
    const linePos = (err as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    const where = linePos ? `line ${linePos.line}, column ${linePos.col}` : 'somewhere';
    throw new BatonError(
      'YAML_INVALID',
      `${file}: ${what} is not valid YAML at ${where}: ${firstLine(err)}`,
      {
        file,
      },
    );
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

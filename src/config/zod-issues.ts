import type { z } from 'zod';

/**
 * One problem in a config or playbook file. `text` is the line people read
 * (`<file>: <field>: <what>`); `field` is the dotted path and `fix` what to
 * do, for `baton check --json`. A `custom` issue may say its own fix in
 * `params: { fix }`.
 */
export interface FileProblem {
  text: string;
  file?: string;
  field?: string;
  fix?: string;
}

export function fileProblems(file: string, error: z.ZodError): FileProblem[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    // A misspelt key is the field to go to, not the object that holds it.
    const field = keys.length === 1 ? [...issue.path, ...keys].join('.') : where;
    return { text: `${file}: ${where}: ${issue.message}`, file, field, fix: fixOf(issue, field) };
  });
}

/**
 * One line per problem, each naming the file and the field, so an admin
 * can go straight to the line to fix.
 */
export function describeIssues(file: string, error: z.ZodError): string {
  return fileProblems(file, error)
    .map((p) => p.text)
    .join('\n');
}

/** Most of Baton's messages already say what to write; zod's own get a fix in words. */
function fixOf(issue: z.core.$ZodIssue, field: string): string {
  const own = (issue as { params?: { fix?: unknown } }).params?.fix;
  if (typeof own === 'string') return own;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `remove ${issue.keys.map((k) => `"${k}"`).join(', ')} or correct the spelling: a key Baton does not know is refused, not ignored`;
    case 'invalid_type':
      return /received undefined/.test(issue.message)
        ? `add ${field} (a ${issue.expected})`
        : `write ${field} as a ${issue.expected}`;
    case 'invalid_value':
      return `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `give ${field} at least ${issue.minimum} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}`
        : `fill in ${field}: ${issue.message}`;
    default:
      return issue.message;
  }
}

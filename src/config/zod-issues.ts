import type { z } from 'zod';

/**
 * One line per problem, each naming the file and the field, so an admin
 * can go straight to the line to fix.
 */
export function describeIssues(file: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      return `${file}: ${field}: ${issue.message}`;
    })
    .join('\n');
}

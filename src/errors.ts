/**
 * Every error Baton raises on purpose carries a stable `code` (for logs, tests
 * and the HTTP layer) and a message that tells the reader how to fix it.
 */
export class BatonError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'BatonError';
    this.code = code;
    this.details = details;
  }
}

export function isBatonError(err: unknown): err is BatonError {
  return err instanceof BatonError;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

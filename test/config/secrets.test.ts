import { describe, expect, it } from 'vitest';
import { batonRegistry } from '../../app/registry.js';
import { parseEnv, secretValues } from '../../src/config/env.js';
import { createLogger } from '../../src/server/logger.js';

describe('the session secret in logs', () => {
  it('is scrubbed from every log line, as is the database URL', () => {
    const env = parseEnv(
      {
        BATON_SESSION_SECRET: 'sess-secret-0123456789abcdef',
        DATABASE_URL: 'postgres://baton:pw-9876@db/baton',
      },
      batonRegistry,
    );
    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      secrets: secretValues(env, batonRegistry),
      destination: { write: (line: string) => lines.push(line) },
    });
    log.info(
      { reason: 'key sess-secret-0123456789abcdef' },
      'connecting to postgres://baton:pw-9876@db/baton',
    );
    const out = lines.join('');
    expect(out).toContain('[redacted]');
    expect(out).not.toContain('sess-secret-0123456789abcdef');
    expect(out).not.toContain('pw-9876');
  });
});

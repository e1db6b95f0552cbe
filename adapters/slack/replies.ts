import { describeFailure } from '../../src/cards/replies.js';
import type { HandoffAction } from '../../src/domain/lifecycle.js';
import type { Handoff } from '../../src/domain/types.js';
import type { Failure } from '../../src/services/deps.js';
import type { Services } from '../../src/services/index.js';

type Dir = Services['deps']['dir'];

export interface ReplyContext {
  dir: Dir;
  locale: string;
  now: Date;
  /** The Slack user, for "your Slack id is ...". */
  userId?: string;
  /** The handoff the refusal is about, as it is now. */
  handoff?: Handoff;
  action?: HandoffAction;
}

/**
 * A service refusal in the reader's words (the core's sentences, shared with
 * Teams); "accepted 2 minutes ago" in the reader's language.
 */
export function failureText(f: Failure, ctx: ReplyContext): string {
  return describeFailure(ctx.dir, ctx.locale, f, {
    platform: 'Slack',
    now: ctx.now,
    ...(ctx.userId ? { userId: ctx.userId } : {}),
  });
}

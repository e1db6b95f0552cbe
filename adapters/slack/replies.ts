import { describeFailure } from '../../src/cards/replies.js';
import type { HandoffAction } from '../../src/domain/lifecycle.js';
import type { Handoff } from '../../src/domain/types.js';
import { formatRelative, t } from '../../src/i18n/translate.js';
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
 * Teams). "Accepted 2 minutes ago" is worded from the handoff as it is now:
 * the service's own `ago` lacks the "ago" the sentence needs.
 */
export function failureText(f: Failure, ctx: ReplyContext): string {
  const h = ctx.handoff;
  if (f.code === 'ALREADY_ACCEPTED' && h?.owner) {
    const ago = h.acceptedAt ? formatRelative(h.acceptedAt, ctx.now, ctx.locale) : '';
    return t(ctx.locale, 'reply.ALREADY_ACCEPTED', { person: ctx.dir.personName(h.owner), ago });
  }
  return describeFailure(ctx.dir, ctx.locale, f, {
    platform: 'Slack',
    ...(ctx.userId ? { userId: ctx.userId } : {}),
  });
}

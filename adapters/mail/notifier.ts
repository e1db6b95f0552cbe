import type { Logger } from '../../src/log.js';
import type { DispatchItem, Notifier, SendOutcome } from '../../src/outbox/notifier.js';
import type { ActionDeps } from '../../src/services/mutate.js';
import { MAIL_PLATFORM, PULSE_LINK_TTL_MS, pulseMailOf } from '../../src/services/pulse.js';
import { pulseMessage } from './compose.js';
import { signPulseToken } from './token.js';
import type { MailTransport } from './transport.js';

export interface MailNotifierDeps {
  deps: ActionDeps;
  transport: MailTransport;
  key: () => Promise<Buffer>;
  from: string;
  base: string;
  log: Logger;
}

/**
 * Carries the outbox's mails to customers. The mail is built at send time
 * from the customer as they are then (an erasure or an unsubscribe since it
 * was queued sends nothing), with links valid for 30 days from now.
 */
export function createMailNotifier(m: MailNotifierDeps): Notifier {
  return {
    platform: MAIL_PLATFORM,
    async send(item: DispatchItem): Promise<SendOutcome> {
      const msg = item.delivery.message;
      if (msg.type !== 'pulse-mail')
        return { ok: false, error: `mail carries only pulse mails, not ${msg.type}`, permanent: true };
      const built = await pulseMailOf(m.deps, msg.handoffId);
      if (!built) {
        m.log.info(
          { delivery: item.delivery.id },
          'pulse mail no longer to be sent (erased or unsubscribed)',
        );
        return { ok: true };
      }
      const expires = new Date(m.deps.clock.now().getTime() + PULSE_LINK_TTL_MS);
      const token = signPulseToken(
        await m.key(),
        { handoffId: msg.handoffId, digest: built.mail.digest },
        expires,
      );
      try {
        const sent = await m.transport.send(
          pulseMessage(built.mail, { from: m.from, base: m.base, token }),
          `${built.handoff.customerId}.${item.delivery.id}`,
        );
        return { ok: true, ref: { conversationId: built.handoff.customerId, messageId: sent.messageId } };
      } catch (err) {
        const { responseCode: code, code: name } = err as { responseCode?: number; code?: string };
        // The server's words may quote the address: they go to the log, the outbox keeps the code.
        m.log.warn({ err, delivery: item.delivery.id }, 'pulse mail not sent');
        // 5xx: the server refuses this mail for good (no such mailbox, policy); anything else may pass later.
        return {
          ok: false,
          error: `mail not sent: ${code ?? name ?? 'error'} (the log has the server's answer)`,
          ...(code !== undefined && code >= 500 ? { permanent: true } : {}),
        };
      }
    },
    // One mail server: a gentle pace, whoever the mails go to.
    pacing: () => [{ key: 'mail', perSecond: 5 }],
  };
}

import type { Caller, Reply, SlackRuntime } from '../runtime.js';
import { failureReply, unknownUser, viewReply } from './common.js';

/**
 * The Translate button: what people wrote, in the clicker's language, for
 * the clicker alone (an ephemeral answer through the click's response_url;
 * from the App Home, a DM). The provider is asked after the ack.
 */
export async function translateClick(
  rt: SlackRuntime,
  caller: Caller,
  value: string,
  send: (r: Reply) => Promise<void>,
): Promise<void> {
  if (!caller.person) return send(unknownUser(rt, caller));
  const r = await rt.services.translate({ value, reader: caller.person });
  return send(r.ok ? viewReply(rt, r.value) : failureReply(rt, caller, r.failure));
}

import { expect } from 'vitest';
import type { FakeMessage } from './fake-slack.js';
import type { SlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

/** `/handoff ...` as `user`, the modal filled in with `fields` (by block_id) and submitted; returns the confirmation. */
export async function handoffVia(
  s: SlackTest,
  user: string,
  text: string,
  fields: Record<string, string> = {},
) {
  const { res, trigger, responseId } = await s.slack.command('/handoff', text, user);
  expect(res.status).toBe(200);
  const view = await s.slack.openedModal(trigger);
  const submitted = await s.slack.submit(view, user, {
    'f:summary': 'Annual plan, 40 seats; SSO before go-live.',
    'f:goLiveDate': '2027-01-15',
    ...fields,
  });
  expect(submitted.status).toBe(200);
  expect(submitted.json?.errors).toBeUndefined();
  const answer = await s.slack.answer(responseId);
  return { view, answer: String(answer.text) };
}

/** The one top-level message in a channel whose text mentions `needle`. */
export function messageIn(s: SlackTest, channel: string, needle: string): FakeMessage {
  const found = s.fake
    .channel(channel)
    .filter((m) => visibleText(m.blocks).includes(needle) || (m.text ?? '').includes(needle));
  expect(found, `one message mentioning ${needle} in ${channel}`).toHaveLength(1);
  return found[0] as FakeMessage;
}

export const textOf = (m: FakeMessage | undefined): string =>
  m ? `${m.text ?? ''}\n${visibleText(m.blocks)}` : '';

/** Clock instants the tests name (the example config: Delivery works 09:00-17:30 London, GMT in November). */
export const at = (iso: string) => Date.parse(iso);

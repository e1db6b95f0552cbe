import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FakeMessage, FakeSlack } from './fake-slack.js';

const FIXTURES = new URL('../../fixtures/slack/', import.meta.url);
export const fixture = <T = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;

/** Slack's v0 signature: HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function sign(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlackResponse {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
}

type Json = Record<string, unknown>;
type Element = Json & { action_id?: string; type?: string };

/**
 * Sends what Slack sends, signed as Slack signs it: slash commands
 * form-encoded, interactivity as `payload=<json>`, events as JSON. Payloads
 * start from the fixtures (real shapes) and point response_url at the fake.
 */
export class SlackClient {
  private seq = 0;
  constructor(
    readonly baton: string,
    readonly secret: string,
    readonly fake: FakeSlack,
  ) {}

  async post(
    body: string,
    type: string,
    opts: { timestamp?: number; secret?: string; signature?: string; headers?: Record<string, string> } = {},
  ): Promise<SlackResponse> {
    const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    const res = await fetch(`${this.baton}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': type,
        'x-slack-request-timestamp': ts,
        'x-slack-signature': opts.signature ?? sign(opts.secret ?? this.secret, ts, body),
        ...opts.headers,
      },
      body,
    });
    const text = await res.text();
    let json: Json | undefined;
    try {
      json = text ? (JSON.parse(text) as Json) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  }

  /** A slash command; the response_url id comes back so the test can read what Baton answered there. */
  async command(command: '/handoff' | '/cx', text: string, user: string, opts: { channel?: string } = {}) {
    const id = `cmd${++this.seq}`;
    const trigger = `trigger.${id}`;
    const form = {
      ...fixture<Record<string, string>>('slash-command.json'),
      command,
      text,
      user_id: user,
      user_name: user.toLowerCase(),
      channel_id: opts.channel ?? 'C0SALES',
      response_url: this.fake.responseUrl(id),
      trigger_id: trigger,
    };
    const res = await this.post(new URLSearchParams(form).toString(), 'application/x-www-form-urlencoded');
    // Slack shows an acknowledgement that carries a message as the command's answer.
    if (res.status === 200 && res.json && ('text' in res.json || 'blocks' in res.json))
      this.fake.answeredInAck(id, res.json);
    return { res, responseId: id, trigger };
  }

  /** Clicks a button (or picks in a select) as `user`, in a message the fake holds. */
  async click(
    message: FakeMessage,
    actionId: string,
    user: string,
    picked?: { user?: string; option?: string },
  ) {
    const found = findElement((message.blocks ?? []) as Json[], actionId);
    if (!found) throw new Error(`no ${actionId} in message ${message.ts}`);
    return this.interact(
      found.element,
      found.blockId,
      user,
      { channel: message.channel, ts: message.ts, thread: message.thread_ts },
      picked,
    );
  }

  /** Clicks in the App Home the fake last published for `user`. */
  async clickHome(user: string, actionId: string, index = 0, picked?: { user?: string; option?: string }) {
    const publish = this.fake
      .callsOf('views.publish')
      .filter((c) => c.args.user_id === user)
      .at(-1);
    const blocks = ((publish?.args.view as Json | undefined)?.blocks as Json[] | undefined) ?? [];
    const found = findElement(blocks, actionId, index);
    if (!found) throw new Error(`no ${actionId} in ${user}'s App Home`);
    return this.interact(found.element, found.blockId, user, undefined, picked);
  }

  private async interact(
    element: Element,
    blockId: string,
    user: string,
    where: { channel: string; ts: string; thread?: string | undefined } | undefined,
    picked?: { user?: string; option?: string },
  ) {
    const id = `act${++this.seq}`;
    const base = fixture('block-actions.json');
    const action: Json = {
      action_id: element.action_id,
      block_id: blockId,
      type: element.type,
      action_ts: '1596530385.194939',
    };
    if (element.type === 'button') Object.assign(action, { value: element.value, text: element.text });
    if (picked?.user) action.selected_user = picked.user;
    if (picked?.option) {
      const opt = ((element.options as Json[]) ?? []).find((o) => o.value === picked.option);
      action.selected_option = opt ?? {
        value: picked.option,
        text: { type: 'plain_text', text: picked.option },
      };
    }
    const payload: Json = {
      ...base,
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0EXAMPLE' },
      trigger_id: `trigger.${id}`,
      actions: [action],
    };
    if (where) {
      payload.container = {
        type: 'message',
        message_ts: where.ts,
        channel_id: where.channel,
        is_ephemeral: false,
      };
      payload.channel = { id: where.channel, name: where.channel.toLowerCase() };
      payload.message = {
        ...(base.message as Json),
        ts: where.ts,
        ...(where.thread ? { thread_ts: where.thread } : {}),
      };
      payload.response_url = this.fake.responseUrl(id);
    } else {
      // From the App Home: a view container, no channel, no response_url.
      delete payload.channel;
      delete payload.message;
      delete payload.response_url;
      payload.container = { type: 'view', view_id: 'VHOME' };
      payload.view = {
        id: 'VHOME',
        type: 'home',
        blocks: [],
        private_metadata: '',
        callback_id: '',
        state: { values: {} },
      };
    }
    const res = await this.post(
      `payload=${encodeURIComponent(JSON.stringify(payload))}`,
      'application/x-www-form-urlencoded',
    );
    return { res, responseId: id, trigger: `trigger.${id}` };
  }

  /** The modal Baton opened with this trigger_id. */
  async openedModal(trigger: string): Promise<Json> {
    const call = await this.fake.waitFor((c) => c.method === 'views.open' && c.args.trigger_id === trigger);
    return call.args.view as Json;
  }

  /**
   * Submits a modal as Slack would: every input block's current value (its
   * initial value unless `values` changes it, by block_id).
   */
  async submit(view: Json, user: string, values: Record<string, string | undefined> = {}) {
    const state: Record<string, Record<string, Json>> = {};
    for (const b of (view.blocks as Json[]) ?? []) {
      if (b.type !== 'input') continue;
      const el = b.element as Element;
      const id = String(b.block_id);
      const given = Object.hasOwn(values, id) ? values[id] : undefined;
      const aid = String(el.action_id);
      if (el.type === 'plain_text_input')
        state[id] = {
          [aid]: { type: el.type, value: given ?? (el.initial_value as string | undefined) ?? null },
        };
      if (el.type === 'datepicker')
        state[id] = {
          [aid]: { type: el.type, selected_date: given ?? (el.initial_date as string | undefined) ?? null },
        };
      if (el.type === 'static_select') {
        const option = given
          ? ((el.options as Json[]) ?? []).find((o) => o.value === given)
          : (el.initial_option as Json | undefined);
        state[id] = { [aid]: { type: el.type, selected_option: option ?? null } };
      }
    }
    const base = fixture('view-submission.json');
    const id = ++this.seq;
    const payload = {
      ...base,
      // Slack gives every submission its own trigger_id; Baton runs a request it has seen once only.
      trigger_id: `trigger.submit${id}`,
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0EXAMPLE' },
      view: { ...(base.view as Json), ...view, id: `V${id}`, state: { values: state } },
    };
    return this.post(
      `payload=${encodeURIComponent(JSON.stringify(payload))}`,
      'application/x-www-form-urlencoded',
    );
  }

  /** An Events API delivery (JSON), from a fixture envelope with `event` merged in. */
  async event(fixtureName: string, event: Json, opts: { retryNum?: number; eventId?: string } = {}) {
    const base = fixture(fixtureName);
    const body = JSON.stringify({
      ...base,
      event_id: opts.eventId ?? `Ev${++this.seq}`,
      event: { ...(base.event as Json), ...event },
    });
    // Slack's redelivery of an event it thinks was lost: the same event_id, with the attempt number.
    const headers: Record<string, string> =
      opts.retryNum === undefined
        ? {}
        : { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': 'http_timeout' };
    return this.post(body, 'application/json', { headers });
  }

  /** What Baton answered at a response_url, once it did. */
  async answer(responseId: string): Promise<Json> {
    const call = await this.fake.waitFor((c) => c.method === 'response_url' && c.args.id === responseId);
    return call.args;
  }
}

function findElement(
  blocks: Json[],
  actionId: string,
  index = 0,
): { element: Element; blockId: string } | undefined {
  let seen = 0;
  for (const b of blocks) {
    if (b.type !== 'actions') continue;
    for (const e of (b.elements as Element[]) ?? []) {
      if (e.action_id === actionId && seen++ === index) return { element: e, blockId: String(b.block_id) };
    }
  }
  return undefined;
}

/** All visible text of a message or view: what a person reads. */
export function visibleText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Json;
      if ((o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string') out.push(o.text);
      else
        for (const [k, x] of Object.entries(o))
          if (k !== 'value' && k !== 'action_id' && k !== 'block_id') walk(x);
    }
  };
  walk(blocks);
  return out.join('\n');
}

import { performance } from 'node:perf_hooks';
import { OWNERS, ownerSlackId, SLACK_SECRET } from './baton-cli.js';
import type { FakeSlack } from './fake-platforms.js';
import { handoffId } from './lowdb-bench-data.js';
import { ECHO_REPLY } from './slack-baselines.js';
import { client, slackSigned } from './support.js';

const pad = (n: number) => String(n).padStart(6, '0');
export const customerName = (i: number) => `Customer ${pad(i)} GmbH`;

export type Kind = 'cx' | 'mine' | 'accept';
/** The mix: a third each of `/cx <customer>`, `/cx mine` by an owner, and Accept by the assignee. */
export const kindOf = (i: number): Kind => (['cx', 'mine', 'accept'] as const)[i % 3] ?? 'cx';

let made = 0;
let nextOpen = 0;
/** A fresh data file: Accept starts again from its first open handoff. */
export function resetMix(): void {
  nextOpen = 0;
}

/**
 * Request `i` of a mix over `handoffs` bench handoffs, with its own response_url key. Accept
 * clicks take the next open handoff (every third), each once while there are enough of them.
 */
export function slackRequest(i: number, handoffs: number, fake: FakeSlack, run: string) {
  const kind = kindOf(i);
  const key = `${run}-${i}`;
  const trigger = `${Date.now()}.${++made}.bench`;
  if (kind === 'accept') {
    const j = (nextOpen++ * 3) % Math.max(3, handoffs - (handoffs % 3));
    const owner = j % OWNERS;
    const value = `${handoffId(j)}:1`;
    const payload = {
      type: 'block_actions',
      user: { id: ownerSlackId(owner), username: `owner${owner}`, name: `owner${owner}`, team_id: 'T0BENCH' },
      api_app_id: 'A0BENCH',
      token: 't',
      container: { type: 'message', message_ts: '1.000001', channel_id: 'C0DELIVERY', is_ephemeral: false },
      trigger_id: trigger,
      team: { id: 'T0BENCH', domain: 'bench' },
      channel: { id: 'C0DELIVERY', name: 'delivery' },
      message: { type: 'message', ts: '1.000001', text: 'card' },
      response_url: fake.responseUrl(key),
      actions: [
        { action_id: 'baton:accept', block_id: `baton:0:${value}`, type: 'button', value, action_ts: '1.1' },
      ],
    };
    const name = customerName(j);
    return {
      kind,
      key,
      expect: (t: string) => t.includes(name),
      ...slackSigned(`payload=${encodeURIComponent(JSON.stringify(payload))}`, SLACK_SECRET),
    };
  }
  const c = (i * 37) % Math.max(1, handoffs);
  const owner = i % OWNERS;
  const text = kind === 'mine' ? 'mine' : customerName(c);
  const body = new URLSearchParams({
    token: 't',
    team_id: 'T0BENCH',
    team_domain: 'bench',
    channel_id: 'C0DELIVERY',
    channel_name: 'delivery',
    user_id: ownerSlackId(owner),
    user_name: `owner${owner}`,
    command: '/cx',
    text,
    api_app_id: 'A0BENCH',
    response_url: fake.responseUrl(key),
    trigger_id: trigger,
  }).toString();
  // `mine` lists the asker's own customers: owner k owns the bench handoffs i with i % OWNERS = k.
  const expect =
    kind === 'mine'
      ? (t: string) => [...t.matchAll(/Customer (\d{6}) GmbH/g)].some((m) => Number(m[1]) % OWNERS === owner)
      : (t: string) => t.includes(text);
  return { kind, key, expect, ...slackSigned(body, SLACK_SECRET) };
}

export type Judge = 'baton' | 'echo' | 'ack';

/**
 * One request to a Slack app, judged as a person would: the ack must be a 200; with `waitAnswer`
 * the answer too, in the ack or at the response_url, and it must be the one asked for (Baton: it
 * names the customer asked about / one of the asker's customers; the echo app: its fixed reply).
 * A busy, error or missing answer is a failure. Without `waitAnswer` an ack that carries an
 * answer (Baton answers "busy" in the ack) is judged the same way, and an empty ack adds to
 * `owed` a check that its answer came later. `acks` collects each ack's latency, from sending to
 * the ack's last byte.
 */
export function slackSender(fake: FakeSlack, sockets: number) {
  const http = client(sockets);
  // Why requests failed, by kind: a bench that reports failures says which and how.
  const failures = new Map<string, number>();
  const fail = (r: ReturnType<typeof slackRequest>, why: string) => {
    const key = `${r.kind} ${why}`;
    failures.set(key, (failures.get(key) ?? 0) + 1);
    return false;
  };
  const send = async (
    url: string,
    r: ReturnType<typeof slackRequest>,
    judge: Judge,
    waitAnswer: boolean,
    acks?: Pick<number[], 'push'>,
    answerMs = 30_000,
    /** Without `waitAnswer`: for an empty ack, a check (run later) that its answer came, as asked. */
    owed?: Array<() => Promise<boolean>>,
  ): Promise<boolean> => {
    const started = performance.now();
    const ack = await http.post(`${url}/slack/events`, r);
    acks?.push(performance.now() - started);
    if (ack.status !== 200) return fail(r, `ack ${ack.status}`);
    const good = (t: string) => (judge === 'echo' ? t.includes(ECHO_REPLY) : r.expect(t));
    if (ack.body.trim().length > 0)
      return judge === 'ack' || good(ack.body) || fail(r, `ack answered "${ack.body.slice(0, 60)}"`);
    if (!waitAnswer) {
      owed?.push(async () => {
        const answer = await fake.answer(r.key, 0);
        if (answer === undefined) return fail(r, 'acknowledged, never answered');
        return good(answer) || fail(r, `answered "${answer.slice(0, 80)}"`);
      });
      return true;
    }
    const answer = await fake.answer(r.key, answerMs);
    if (answer === undefined) return fail(r, `no answer in ${answerMs / 1000} s`);
    return good(answer) || fail(r, `answered "${answer.slice(0, 80)}"`);
  };
  /** The failures so far, most frequent first: "accept no answer in 30 s: 12; …". */
  const why = () =>
    [...failures]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, n]) => `${k}: ${n}`)
      .join('; ');
  return { send, why, close: http.close };
}

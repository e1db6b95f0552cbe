import { cp, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createDashboardAdapter } from '../../../adapters/dashboard/index.js';
import { createMailAdapter } from '../../../adapters/mail/index.js';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import type { Logger } from '../../../src/log.js';
import { REPO, startTestBaton, type TestBaton, tempDir } from '../../support/harness.js';
import { FakeSlack } from '../slack/fake-slack.js';
import { SECRET, TOKEN } from '../slack/setup.js';
import { SlackClient } from '../slack/slack-client.js';

/** A real SMTP server on loopback (smtp-server), keeping every mail it accepts as sent on the wire. */
export async function startSmtp(): Promise<{
  url: string;
  mails: Array<{ to: string[]; raw: string }>;
  close(): Promise<void>;
}> {
  const mails: Array<{ to: string[]; raw: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface PulseTest {
  t: TestBaton;
  fake: FakeSlack;
  slack: SlackClient;
  dataDir: string;
  pass(ms?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Baton with Slack (a fake on loopback), the dashboard and mail, its sales → delivery playbook asking a pulse a day after first contact. */
export async function startPulseTest(
  opts: { env?: Record<string, string>; log?: Logger } = {},
): Promise<PulseTest> {
  const tmp = await tempDir('baton-pulse-');
  const handoffs = path.join(tmp.dir, 'handoffs');
  await cp(path.join(REPO, 'handoffs'), handoffs, { recursive: true });
  const pb = path.join(handoffs, 'sales-to-delivery.yaml');
  await writeFile(pb, `${await readFile(pb, 'utf8')}\npulse: { after: firstContact, delay: P1D }\n`);
  const fake = await new FakeSlack().start();
  const t = await startTestBaton({
    adapters: async (ctx) => [
      await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 }),
      await createDashboardAdapter(ctx),
      await createMailAdapter(ctx),
    ],
    env: {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
      BATON_HANDOFFS: handoffs,
      BATON_DATA_FILE: path.join(tmp.dir, 'data', 'baton.json'),
      BATON_PUBLIC_URL: 'https://baton.example.com',
      BATON_MAIL_FROM: 'Acme Support <support@acme-vendor.example>',
      ...opts.env,
    },
    ...(opts.log ? { log: opts.log } : {}),
  });
  return {
    t,
    fake,
    slack: new SlackClient(t.url, SECRET, fake),
    dataDir: path.join(tmp.dir, 'data'),
    async pass(ms = 0) {
      await t.advance(ms);
      await t.baton.runOnce();
    },
    async stop() {
      await t.stop();
      await fake.close();
      await tmp.cleanup();
    },
  };
}

export interface ParsedMail {
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
}

/** Reads a mail as a mail client would: unfolded headers, encoded words, the text and HTML parts decoded. */
export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitPart(raw);
  const parts: Array<{ type: string; body: string }> = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const p = splitPart(chunk.replace(/^\r?\n/, ''));
      parts.push({ type: p.headers.get('content-type') ?? '', body: decodeBody(p.body, p.headers) });
    }
  } else parts.push({ type: headers.get('content-type') ?? '', body: decodeBody(body, headers) });
  return {
    headers,
    subject: decodeWords(headers.get('subject') ?? ''),
    text: parts.find((p) => p.type.startsWith('text/plain'))?.body ?? '',
    html: parts.find((p) => p.type.startsWith('text/html'))?.body ?? '',
  };
}

function splitPart(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, at).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body: raw.slice(at).replace(/^\r?\n\r?\n/, '') };
}

function decodeBody(body: string, headers: Map<string, string>): string {
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') return qp(body.replace(/=\r?\n/g, ''));
  return body;
}

function qp(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s[i] === '=' ? s.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(s[i] ?? '', 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : qp(text.replace(/_/g, ' ')),
    );
}

/** The answer links of a pulse mail's text, by answer, as paths to ask this Baton for. */
export function answerLinks(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/https:\/\/baton\.example\.com(\/pulse\/[^\s?]+\?a=([a-z-]+))/g))
    if (m[1] && m[2]) out[m[2]] = m[1];
  return out;
}

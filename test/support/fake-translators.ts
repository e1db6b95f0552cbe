import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a fake provider was sent: the raw body, and the texts in it. */
export interface TranslationRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  texts: string[];
  target: string;
}

/** An answer the fake gives instead of a translation: a status and a body in the provider's own words. */
export interface FakeFailure {
  status: number;
  body: string;
}

/**
 * The translation the fakes give: the text tagged with the target, the
 * markup (tags and entities) untouched, as a real provider keeps it.
 */
export const fakeTranslation = (text: string, target: string): string => `[${target}] ${text}`;

abstract class FakeTranslator {
  readonly requests: TranslationRequest[] = [];
  /** Answers the next requests with these, in order, before translating again. */
  failures: FakeFailure[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const answer = this.handle(req, body);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Everything any request carried, for checking what left Baton. */
  sent(): string {
    return this.requests.map((r) => `${r.body}\n${r.texts.join('\n')}`).join('\n');
  }

  protected abstract handle(req: IncomingMessage, body: string): { status: number; body: string };
}

/** DeepL's `POST /v2/translate`: a form body (`text` repeated, `target_lang`), `DeepL-Auth-Key` auth. */
export class FakeDeepl extends FakeTranslator {
  constructor(readonly authKey = 'deepl-test-key:fx') {
    super();
  }

  protected handle(req: IncomingMessage, body: string) {
    if (req.method !== 'POST' || !req.url?.startsWith('/v2/translate'))
      return { status: 404, body: JSON.stringify({ message: 'Not found' }) };
    const form = new URLSearchParams(body);
    const texts = form.getAll('text');
    const target = form.get('target_lang') ?? '';
    this.requests.push({ path: req.url, headers: req.headers, body, texts, target });
    if (req.headers.authorization !== `DeepL-Auth-Key ${this.authKey}`)
      return { status: 403, body: JSON.stringify({ message: 'Wrong endpoint. Use https://api.deepl.com' }) };
    const failure = this.failures.shift();
    if (failure) return failure;
    if (!target || texts.length === 0)
      return { status: 400, body: JSON.stringify({ message: "Value for 'target_lang' not supported." }) };
    return {
      status: 200,
      body: JSON.stringify({
        translations: texts.map((text) => ({
          detected_source_language: /[\u3131-\uD79D]/.test(text) ? 'KO' : 'EN',
          text: fakeTranslation(text, target),
        })),
      }),
    };
  }
}

/** Azure AI Translator v3: `POST /translate?api-version=3.0&to=…`, a JSON array of `{Text}`. */
export class FakeAzure extends FakeTranslator {
  constructor(
    readonly key = 'azure-test-key',
    readonly region = 'koreacentral',
  ) {
    super();
  }

  protected handle(req: IncomingMessage, body: string) {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method !== 'POST' || url.pathname !== '/translate')
      return { status: 404, body: JSON.stringify({ error: { code: 404000, message: 'Not found' } }) };
    let texts: string[] = [];
    try {
      texts = (JSON.parse(body) as Array<{ Text: string }>).map((x) => x.Text);
    } catch {
      return {
        status: 400,
        body: JSON.stringify({ error: { code: 400074, message: 'The body is not valid JSON.' } }),
      };
    }
    const target = url.searchParams.get('to') ?? '';
    this.requests.push({ path: req.url ?? '', headers: req.headers, body, texts, target });
    if (url.searchParams.get('api-version') !== '3.0')
      return {
        status: 400,
        body: JSON.stringify({ error: { code: 400021, message: 'Invalid API version.' } }),
      };
    if (
      req.headers['ocp-apim-subscription-key'] !== this.key ||
      req.headers['ocp-apim-subscription-region'] !== this.region
    )
      return {
        status: 401,
        body: JSON.stringify({
          error: {
            code: 401000,
            message: 'The request is not authorized because credentials are missing or invalid.',
          },
        }),
      };
    const failure = this.failures.shift();
    if (failure) return failure;
    return {
      status: 200,
      body: JSON.stringify(
        texts.map((text) => ({
          detectedLanguage: { language: /[\u3131-\uD79D]/.test(text) ? 'ko' : 'en', score: 1.0 },
          translations: [{ text: fakeTranslation(text, target), to: target }],
        })),
      ),
    };
  }
}

export const DEEPL_QUOTA: FakeFailure = {
  status: 456,
  body: JSON.stringify({ message: 'Quota Exceeded' }),
};
export const DEEPL_TOO_MANY: FakeFailure = {
  status: 429,
  body: JSON.stringify({ message: 'Too many requests' }),
};
export const AZURE_UNAUTHORIZED: FakeFailure = {
  status: 401,
  body: JSON.stringify({
    error: {
      code: 401000,
      message: 'The request is not authorized because credentials are missing or invalid.',
    },
  }),
};
export const AZURE_TOO_MANY: FakeFailure = {
  status: 429,
  body: JSON.stringify({
    error: {
      code: 429001,
      message: 'The server rejected the request because the client has exceeded request limits.',
    },
  }),
};

/** Personal data the tests put in free text; none of it may reach a provider. */
export const PERSONAL = {
  email: 'mj.kim@acme.example',
  phone: '+82 10-1234-5678',
  digits: '1234-5678',
};

/** True when any personal value of `PERSONAL` (or its digits) is in `sent`. */
export function leaksPersonal(sent: string): boolean {
  const decoded = (() => {
    try {
      return decodeURIComponent(sent.replace(/\+/g, ' '));
    } catch {
      return sent;
    }
  })();
  const hay = `${sent}\n${decoded}`;
  return hay.includes(PERSONAL.email) || hay.includes(PERSONAL.digits) || /1234\D{0,3}5678/.test(hay);
}

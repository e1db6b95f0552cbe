import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { PULSE_ANSWERS, type PulseAnswer } from '../../src/domain/types.js';
import { catalogLanguage, t } from '../../src/i18n/translate.js';
import { readBody } from '../../src/server/http.js';
import type { Services } from '../../src/services/index.js';
import { answerPulse, pulsePage, unsubscribePulse } from '../../src/services/pulse.js';
import { type Html, html, raw } from '../dashboard/html.js';
import { browserLocale, requestUrl, sendHtml } from '../dashboard/respond.js';
import { STYLE } from '../dashboard/style.js';
import { verifyPulseToken } from './token.js';

export interface PagesDeps {
  services: Services;
  key: () => Promise<Buffer>;
}

const answerForm = z.object({ a: z.enum(PULSE_ANSWERS) });
/** RFC 8058: a one-click unsubscribe POSTs exactly this; the page's own button sends `confirm`. */
const unsubscribeForm = z.union([
  z.object({ 'List-Unsubscribe': z.literal('One-Click') }),
  z.object({ confirm: z.literal('1') }),
]);

/**
 * The customer's answer pages under `/pulse/<token>`: no sign-in (the signed
 * token is the authority, so no CSRF token either), no personal data shown
 * (no name, no address: the question and the answer only). A GET only shows
 * the question and one confirm button, since mail scanners open links; the
 * POST records. A forged link is 403, an expired one 410.
 */
export async function servePulse(d: PagesDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { pathname, searchParams } = requestUrl(req);
  const m = /^\/pulse\/([A-Za-z0-9_.-]{1,600})(\/unsubscribe)?$/.exec(pathname);
  const fallback = browserLocale(req, d.services.deps.dir.config.defaults.locale);
  if (!m?.[1]) return send(res, 404, fallback, 'pulse.page.forgedTitle', 'pulse.page.forged');
  const token = m[1];
  const unsubscribe = m[2] !== undefined;
  const v = verifyPulseToken(await d.key(), token, d.services.deps.clock.now());
  if (!v.ok && v.reason === 'forged')
    return send(res, 403, fallback, 'pulse.page.forgedTitle', 'pulse.page.forged');
  const subject = v.subject;
  if (!subject) return send(res, 403, fallback, 'pulse.page.forgedTitle', 'pulse.page.forged');
  const { locale, open } = await pulsePage(d.services.deps, subject.handoffId);
  // Unsubscribing works with an expired link too: a wish not to be mailed does not expire.
  if (!v.ok && !unsubscribe) return send(res, 410, locale, 'pulse.page.expiredTitle', 'pulse.page.expired');
  if (!open && !unsubscribe) return send(res, 410, locale, 'pulse.page.closedTitle', 'pulse.page.closed');
  const action = `/pulse/${token}${unsubscribe ? '/unsubscribe' : ''}`;

  if (req.method === 'GET') {
    if (unsubscribe)
      return sendHtml(
        res,
        200,
        frame(
          locale,
          t(locale, 'pulse.unsub.title'),
          html`<p>${t(locale, 'pulse.unsub.ask')}</p>
<form method="post" action="${action}"><input type="hidden" name="confirm" value="1"><button type="submit">${t(locale, 'pulse.unsub.confirm')}</button></form>`,
        ),
      );
    const chosen = answerForm.safeParse({ a: searchParams.get('a') ?? undefined });
    const answers: readonly PulseAnswer[] = chosen.success ? [chosen.data.a] : PULSE_ANSWERS;
    const body = html`<p>${t(locale, 'pulse.question')}</p>
${
  chosen.success
    ? html`<p><strong>${t(locale, 'pulse.page.yourAnswer', { answer: t(locale, `pulse.choice.${chosen.data.a}`) })}</strong></p>`
    : ''
}
${answers.map(
  (a) =>
    html`<form method="post" action="${action}"><input type="hidden" name="a" value="${a}"><button type="submit">${
      chosen.success ? t(locale, 'pulse.page.confirm') : t(locale, `pulse.choice.${a}`)
    }</button></form>`,
)}`;
    return sendHtml(res, 200, frame(locale, t(locale, 'pulse.page.title'), body));
  }

  const posted = await readBody(req, 2_048).catch(() => undefined);
  const form = Object.fromEntries(new URLSearchParams(posted?.toString('utf8') ?? ''));
  const deps = d.services.deps;
  if (unsubscribe) {
    if (!unsubscribeForm.safeParse(form).success)
      return send(res, 400, locale, 'pulse.unsub.title', 'pulse.unsub.ask');
    const r = await unsubscribePulse(deps, subject);
    if (!r.ok) return send(res, 503, locale, 'pulse.unsub.title', 'pulse.page.busy');
    return send(res, 200, locale, 'pulse.unsub.title', 'pulse.unsub.done');
  }
  const parsed = answerForm.safeParse(form);
  if (!parsed.success) return send(res, 400, locale, 'pulse.page.title', 'pulse.question');
  const r = await answerPulse(deps, { ...subject, answer: parsed.data.a });
  if (!r.ok)
    return r.failure.code === 'BUSY'
      ? send(res, 503, locale, 'pulse.page.title', 'pulse.page.busy')
      : send(res, 410, locale, 'pulse.page.closedTitle', 'pulse.page.closed');
  return send(
    res,
    200,
    locale,
    'pulse.page.title',
    r.value.reopened ? 'pulse.page.thanksHelp' : 'pulse.page.thanks',
  );
}

type Key = Parameters<typeof t>[1];

function send(res: ServerResponse, status: number, locale: string, title: Key, text: Key): void {
  sendHtml(res, status, frame(locale, t(locale, title), html`<p>${t(locale, text)}</p>`));
}

/** A page of its own, not the dashboard's frame: nothing here leads into Baton. */
function frame(locale: string, title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="${catalogLanguage(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${raw(STYLE)} main { max-width: 36rem; margin: 2rem auto; padding: 0 1.25rem; } main form { margin: .75rem 0; }</style>
</head>
<body>
<main id="main">
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`;
}

import type Mail from 'nodemailer/lib/mailer/index.js';
import { t } from '../../src/i18n/translate.js';
import type { PulseMail } from '../../src/services/pulse.js';
import { escapeHtml } from '../dashboard/html.js';

/**
 * The pulse mail as nodemailer options: plain text and a simple HTML part
 * with the same words, three answer links (each opens a page that asks to
 * confirm: mail scanners follow links, so nothing is recorded on a GET),
 * and the RFC 8058 one-click unsubscribe headers.
 */
export function pulseMessage(
  mail: PulseMail,
  opts: { from: string; base: string; token: string },
): Mail.Options {
  const link = (answer: string) => `${opts.base}/pulse/${opts.token}?a=${answer}`;
  const unsubscribe = `${opts.base}/pulse/${opts.token}/unsubscribe`;
  const unsubscribeLine = t(mail.locale, 'pulse.mail.unsubscribe', { url: unsubscribe });
  const text = [
    ...mail.intro,
    '',
    t(mail.locale, 'pulse.mail.choose'),
    ...mail.choices.map((c) => `- ${c.label}: ${link(c.answer)}`),
    '',
    mail.linksNote,
    mail.signature,
    '',
    '--',
    unsubscribeLine,
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html><html lang="${e(mail.locale)}"><head><meta charset="utf-8"><title>${e(mail.subject)}</title></head>
<body style="font-family:sans-serif;line-height:1.5;color:#1f2328">
${mail.intro.map((p) => `<p>${e(p)}</p>`).join('\n')}
<p>${e(t(mail.locale, 'pulse.mail.choose'))}</p>
<ul>${mail.choices.map((c) => `<li><a href="${e(link(c.answer))}">${e(c.label)}</a></li>`).join('')}</ul>
<p>${e(mail.linksNote)}</p>
<p>${e(mail.signature)}</p>
<hr><p style="font-size:small"><a href="${e(unsubscribe)}">${e(t(mail.locale, 'pulse.mail.unsubscribe', { url: '' }).replace(/:\s*$/u, ''))}</a></p>
</body></html>`;
  return {
    from: opts.from,
    to: mail.to,
    subject: mail.subject,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Content-Language': mail.locale,
      // Replies and vacation notices would reach nobody who reads them.
      'Auto-Submitted': 'auto-generated',
    },
  };
}

import { translateValue, type ViewBlock } from '../../../src/cards/model.js';
import type { Customer } from '../../../src/domain/types.js';
import { replyKey, t } from '../../../src/i18n/translate.js';
import { customerPath } from '../format.js';
import { type Html, html } from '../html.js';
import type { PageContext } from '../page.js';

/**
 * The customer page's Translate link (`?translate=1`, no script): what people
 * wrote about the customer in the reader's language, above the page, with a
 * link back. Nothing when no provider is set up or the customer was erased.
 */
export async function translationSection(ctx: PageContext, c: Customer): Promise<Html | string> {
  const { locale } = ctx.reader;
  if (!ctx.services.deps.translator || c.erasedAt) return '';
  const path = customerPath(c.id);
  if (ctx.query.get('translate') !== '1')
    return html`<p><a href="${ctx.href(path, { translate: '1' })}">🌐 ${t(locale, 'translate.dashboardLink')}</a></p>`;
  const r = await ctx.services.translate({
    value: translateValue({ customerId: c.id }),
    reader: ctx.reader.person,
  });
  const back = html`<p><a href="${ctx.href(path)}">${t(locale, 'translate.dashboardBack')}</a></p>`;
  // The page itself already checked the reader may read the customer; a refusal here says why in words.
  if (!r.ok) return html`<p class="notice">${t(locale, replyKey(r.failure.code), r.failure.vars)}</p>${back}`;
  const v = r.value;
  return html`<section class="translation" lang="${v.locale}">
<h2>${v.title}</h2>
${v.subtitle ? html`<p class="muted">${v.subtitle}</p>` : ''}
${v.blocks.map(block)}
</section>
${back}`;
}

function block(b: ViewBlock): Html | string {
  switch (b.kind) {
    case 'heading':
      return html`<h3>${b.text}</h3>`;
    case 'text':
      return html`<p style="white-space: pre-line">${b.text}</p>`;
    case 'divider':
      return html`<hr>`;
    default:
      return '';
  }
}

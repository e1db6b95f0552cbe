import type { CardLink } from '../cards/model.js';
import { t } from '../i18n/translate.js';

/** The dashboard's page of one customer; `publicUrl` is `publicUrlOf(deps)` (no trailing slash). */
export function customerPageLink(publicUrl: string, customerId: string, locale: string): CardLink {
  return {
    label: t(locale, 'link.customerView'),
    url: customerPageHref(publicUrl, customerId),
  };
}

/** The dashboard's page of one customer, as a URL. */
export function customerPageHref(publicUrl: string, customerId: string): string {
  return `${publicUrl}/dashboard/customers/${encodeURIComponent(customerId)}`;
}

/** The customer's dashboard page, when the reader knows where the dashboard is: for a list item's `url`. */
export function customerPageUrl(publicUrl: string | undefined, customerId: string): { url: string } | object {
  return publicUrl ? { url: customerPageHref(publicUrl, customerId) } : {};
}

/** The dashboard's overview (a sign-in page for someone without a session). */
export function dashboardLink(publicUrl: string, locale: string): CardLink {
  return { label: t(locale, 'dashboard.open'), url: `${publicUrl}/dashboard` };
}

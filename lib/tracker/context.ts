// The context of an event, captured when the call is made (the page may have
// changed by the time the event is written). What cannot change while the page
// lives (locale, time zone, user agent, device) is read once: track() must stay cheap.
import type { EventContext } from '../contracts/event';
import { maxSearchQueryLength } from '../contracts/event-names';
import { cutText } from '../contracts/text';

const utmFields = ['source', 'medium', 'name', 'term', 'content'] as const;

let device: Pick<EventContext, 'locale' | 'timezone' | 'userAgent' | 'device'> | undefined;
let lastHref = '';
let lastUrlParts: Pick<EventContext, 'campaign'> & { path: string; search: string } = { path: '', search: '' };

function deviceContext() {
  const ua = navigator.userAgent;
  const type = /iPad|Tablet|Android(?!.*Mobile)/i.test(ua)
    ? 'tablet'
    : /Mobi|iPhone|Android/i.test(ua)
      ? 'mobile'
      : 'desktop';
  return {
    locale: cutText(navigator.language, 35),
    timezone: cutText(Intl.DateTimeFormat().resolvedOptions().timeZone, 64),
    userAgent: cutText(ua, 1000),
    device: { type },
  } as const;
}

/** Path, query and UTM campaign of the current URL, parsed again only when the URL changed. */
function urlParts(href: string) {
  if (href === lastHref) return lastUrlParts;
  const url = new URL(href);
  const campaign: Record<string, string> = {};
  for (const field of utmFields) {
    const value = url.searchParams.get(`utm_${field === 'name' ? 'campaign' : field}`);
    if (value) campaign[field] = cutText(value, 2000);
  }
  lastHref = href;
  lastUrlParts = {
    path: cutText(url.pathname, 2000),
    search: cutText(url.search, 2000),
    ...(Object.keys(campaign).length ? { campaign } : {}),
  };
  return lastUrlParts;
}

export function pageContext(): EventContext {
  device ??= deviceContext();
  const href = location.href;
  const { path, search, campaign } = urlParts(href);
  return {
    page: {
      url: cutText(href, 2000),
      path,
      search,
      referrer: cutText(document.referrer, 2000),
      title: cutText(document.title, 2000),
    },
    ...(campaign ? { campaign } : {}),
    ...device,
  };
}

/** The search query in the page URL, if one of the site's search parameters carries one. */
export function searchQuery(params: readonly string[]): string | undefined {
  const search = new URLSearchParams(location.search);
  for (const name of params) {
    const value = search.get(name)?.trim();
    if (value) return cutText(value, maxSearchQueryLength);
  }
  return undefined;
}

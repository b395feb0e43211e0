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
    locale: navigator.language.slice(0, 35),
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone.slice(0, 64),
    userAgent: ua.slice(0, 1000),
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
    if (value) campaign[field] = value.slice(0, 2000);
  }
  lastHref = href;
  lastUrlParts = {
    path: url.pathname.slice(0, 2000),
    search: url.search.slice(0, 2000),
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
      url: href.slice(0, 2000),
      path,
      search,
      referrer: document.referrer.slice(0, 2000),
      title: document.title.slice(0, 2000),
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

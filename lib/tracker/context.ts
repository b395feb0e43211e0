// The context of an event, captured when the call is made (the page may have
// changed by the time the event is written).
import type { EventContext } from '../contracts/event';

const utmFields = ['source', 'medium', 'name', 'term', 'content'] as const;
const utmParams = { name: 'campaign' } as Record<string, string>;

function deviceType(): 'mobile' | 'tablet' | 'desktop' {
  const ua = navigator.userAgent;
  if (/iPad|Tablet|Android(?!.*Mobile)/i.test(ua)) return 'tablet';
  return /Mobi|iPhone|Android/i.test(ua) ? 'mobile' : 'desktop';
}

export function pageContext(): EventContext {
  const url = new URL(location.href);
  const campaign: Record<string, string> = {};
  for (const field of utmFields) {
    const value = url.searchParams.get(`utm_${utmParams[field] ?? field}`);
    if (value) campaign[field] = value.slice(0, 2000);
  }
  return {
    page: {
      url: url.href.slice(0, 2000),
      path: url.pathname.slice(0, 2000),
      search: url.search.slice(0, 2000),
      referrer: document.referrer.slice(0, 2000),
      title: document.title.slice(0, 2000),
    },
    ...(Object.keys(campaign).length ? { campaign } : {}),
    locale: navigator.language.slice(0, 35),
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone.slice(0, 64),
    userAgent: navigator.userAgent.slice(0, 1000),
    device: { type: deviceType() },
  };
}

/** The search query in the page URL, if one of the site's search parameters carries one. */
export function searchQuery(params: readonly string[]): string | undefined {
  const search = new URLSearchParams(location.search);
  for (const name of params) {
    const value = search.get(name)?.trim();
    if (value) return value.slice(0, 500);
  }
  return undefined;
}

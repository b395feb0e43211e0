// Which way this browser can take Web Push, decided before asking anything.
// iOS and iPadOS give Web Push only to a web app opened from the Home Screen
// (Safari 16.4+): in a Safari tab there is no PushManager and no Notification,
// so kairos.subscribe() shows the "Add to Home Screen" guide instead of failing
// (docs/browsers.md, "Safari on iPhone and iPad"). Safari 18.4+ also offers
// `window.pushManager` (Declarative Web Push), which subscribes without any
// service worker.

export type PushSupport =
  /** The usual way: a service worker registration's pushManager. */
  | 'service-worker'
  /** Declarative Web Push from `window.pushManager`, no service worker needed. */
  | 'window'
  /** iOS or iPadOS Safari in a tab: push comes once the site is opened from the Home Screen. */
  | 'add-to-home-screen'
  | 'unsupported';

/** What the decision reads, so a unit test can give it any browser. */
export interface BrowserSurface {
  userAgent: string;
  maxTouchPoints: number;
  /** Safari's `navigator.standalone`: true only in a web app opened from the Home Screen. */
  standalone: boolean | undefined;
  hasPushManager: boolean;
  hasNotification: boolean;
  hasServiceWorker: boolean;
  hasWindowPushManager: boolean;
}

export function browserSurface(): BrowserSurface {
  return {
    userAgent: navigator.userAgent,
    maxTouchPoints: navigator.maxTouchPoints || 0,
    standalone: (navigator as Navigator & { standalone?: boolean }).standalone,
    hasPushManager: 'PushManager' in window,
    hasNotification: 'Notification' in window,
    hasServiceWorker: 'serviceWorker' in navigator,
    hasWindowPushManager: 'pushManager' in window,
  };
}

/**
 * iPhone, iPod and iPad, including an iPad that asks for desktop sites: its
 * user agent says "Macintosh", but a Mac has no touch screen.
 */
export const isAppleMobile = (surface: Pick<BrowserSurface, 'userAgent' | 'maxTouchPoints'>): boolean =>
  /\b(iPhone|iPad|iPod)\b/.test(surface.userAgent) ||
  (/\bMacintosh\b/.test(surface.userAgent) && surface.maxTouchPoints > 1);

export function pushSupport(surface: BrowserSurface): PushSupport {
  const notifies = surface.hasPushManager && surface.hasNotification;
  if (notifies && surface.hasServiceWorker) return 'service-worker';
  if (surface.hasWindowPushManager && surface.hasNotification) return 'window';
  // Opened from the Home Screen without push: an iOS before 16.4, where adding the site again cannot help.
  if (isAppleMobile(surface) && surface.standalone !== true) return 'add-to-home-screen';
  return 'unsupported';
}

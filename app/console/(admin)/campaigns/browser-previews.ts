// What each browser makes of a campaign's push message, for the composer's
// per-browser preview (docs/browsers.md, "Previews"). Pure, so a unit test
// holds the table and the warning (tests/unit/browser-previews.test.ts).
//
// Which options a browser shows, from MDN's browser-compat-data:
//   api.Notification.actions  (ServiceWorkerRegistration.showNotification's `actions`):
//                             Chrome 48 and Chrome Android 48; Firefox and Safari: no.
//   api.Notification.image    Chrome 56 and Chrome Android 56; Firefox and Safari: no.
//   api.Notification.icon     Chrome, Chrome Android and Firefox; Safari: no (it shows
//                             the site's own icon instead).
// Title and body lengths are approximate: what fits before the system cuts
// the text off in its default layout, measured by eye on each platform's
// notification with an average Latin text; fonts, languages and settings move them.
import type { KairosPushMessage } from '@/lib/contracts/push';

export interface BrowserCapabilities {
  id: 'chrome-windows' | 'chrome-android' | 'firefox' | 'safari-macos' | 'safari-ios';
  name: string;
  /** Action buttons shown (0: none; the click on the notification is the only way in). */
  actions: number;
  /** The big image (`image`). */
  image: boolean;
  /** The message's own icon (`icon`); without it, the site's icon. */
  icon: boolean;
  /** Approximate characters of title and body shown before the text is cut. */
  titleChars: number;
  bodyChars: number;
}

export const browserCapabilities = [
  {
    id: 'chrome-windows',
    name: 'Chrome on Windows',
    actions: 2,
    image: true,
    icon: true,
    titleChars: 60,
    bodyChars: 130,
  },
  {
    id: 'chrome-android',
    name: 'Chrome on Android',
    actions: 2,
    image: true,
    icon: true,
    titleChars: 40,
    bodyChars: 90,
  },
  { id: 'firefox', name: 'Firefox', actions: 0, image: false, icon: true, titleChars: 60, bodyChars: 140 },
  {
    id: 'safari-macos',
    name: 'Safari on macOS',
    actions: 0,
    image: false,
    icon: false,
    titleChars: 45,
    bodyChars: 110,
  },
  { id: 'safari-ios', name: 'Safari on iOS', actions: 0, image: false, icon: false, titleChars: 50, bodyChars: 170 },
] as const satisfies readonly BrowserCapabilities[];

export type PreviewBrowserId = BrowserCapabilities['id'];

/** The notification as this browser draws it: cut text, and only the parts it shows. */
export interface BrowserPreview {
  title: string;
  body: string;
  /** Characters the browser leaves out (0 when all of it shows). */
  titleCut: number;
  bodyCut: number;
  icon?: string;
  image?: string;
  actions: { action: string; title: string }[];
}

const cut = (text: string, chars: number): [string, number] => {
  const letters = [...text];
  if (letters.length <= chars) return [text, 0];
  return [
    `${letters
      .slice(0, chars - 1)
      .join('')
      .trimEnd()}…`,
    letters.length - (chars - 1),
  ];
};

export function browserPreview(browser: BrowserCapabilities, payload: KairosPushMessage): BrowserPreview {
  const { notification } = payload;
  const [title, titleCut] = cut(notification.title, browser.titleChars);
  const [body, bodyCut] = cut(notification.body ?? '', browser.bodyChars);
  return {
    title,
    body,
    titleCut,
    bodyCut,
    ...(browser.icon && notification.icon ? { icon: notification.icon } : {}),
    ...(browser.image && notification.image ? { image: notification.image } : {}),
    actions: (notification.actions ?? [])
      .slice(0, browser.actions)
      .map(({ action, title: label }) => ({ action, title: label })),
  };
}

/** Links compared as the service worker opens them: relative to the site, without a fragment. */
const samePage = (a: string, b: string) => {
  const base = 'https://site.invalid/';
  try {
    return new URL(a, base).href.split('#')[0] === new URL(b, base).href.split('#')[0];
  } catch {
    return a === b;
  }
};

/**
 * A warning per action whose link goes where the notification itself does not:
 * browsers without buttons (Firefox, Safari) only open the notification's
 * link, so their visitors never reach that page from this message.
 */
export function buttonOnlyLinkWarnings(payload: KairosPushMessage): string[] {
  const { navigate, actions = [] } = payload.notification;
  const without = browserCapabilities
    .filter((browser) => browser.actions === 0)
    .map((browser) => browser.name)
    .join(', ');
  return actions
    .filter((action) => !samePage(action.navigate, navigate))
    .map(
      (action) =>
        `The button “${action.title}” is the only way to ${action.navigate}: ${without} show no buttons, ` +
        `so a click there opens ${navigate}. Link that page from ${navigate}, or make it the notification's link.`,
    );
}

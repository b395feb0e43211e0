// Where a notification click takes the visitor: the clicked action's own URL,
// else the notification's URL; an open window already there is focused, else
// the URL opens in a new one.
import type { KairosNotificationData } from './display';

export interface WindowLike {
  url: string;
  focus?(): Promise<unknown>;
  navigate?(url: string): Promise<unknown>;
}

export interface ClientsLike {
  matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly WindowLike[]>;
  openWindow(url: string): Promise<unknown>;
}

export const clickUrl = (data: KairosNotificationData, action: string): string =>
  (action && data.actionUrls?.[action]) || data.url;

/** Fragments do not make another page: `/deals#top` is the window at `/deals`. */
const samePage = (a: string, b: string) => a.split('#')[0] === b.split('#')[0];

/**
 * Focuses a window of the site already at `url`, else opens `url`. The
 * browser lets a worker open or focus a window only while it handles a real
 * click; when it refuses (InvalidAccessError), a controlled window of the
 * site is taken to the URL instead, so the click still lands somewhere.
 */
export async function openOrFocus(clients: ClientsLike, url: string): Promise<'focused' | 'opened' | 'navigated'> {
  const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
  const there = windows.find((client) => samePage(client.url, url));
  try {
    if (there?.focus) {
      await there.focus();
      return 'focused';
    }
    await clients.openWindow(url);
    return 'opened';
  } catch (error) {
    if (there) return 'focused';
    const controlled = (await clients.matchAll({ type: 'window', includeUncontrolled: false })).find(
      (client) => client.navigate,
    );
    if (!controlled?.navigate) throw error;
    await controlled.navigate(url);
    return 'navigated';
  }
}

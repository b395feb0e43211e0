// Which way a browser takes Web Push (lib/tracker/push/push-support.ts): iOS
// and iPadOS Safari in a tab get the Home Screen guide, not a failure; a
// Home Screen web app and every other browser with push subscribe as usual;
// Safari 18.4's window.pushManager subscribes without a service worker.
import { describe, expect, it } from 'vitest';
import { type BrowserSurface, isAppleMobile, pushSupport } from '@/lib/tracker/push/push-support';

const userAgents = {
  iPhone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Mobile/15E148 Safari/604.1',
  iPadDesktop:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Safari/605.1.15',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15',
  chrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
};

const tab: BrowserSurface = {
  userAgent: userAgents.iPhone,
  maxTouchPoints: 5,
  standalone: false,
  hasPushManager: false,
  hasNotification: false,
  hasServiceWorker: true,
  hasWindowPushManager: false,
};
const withPush = { hasPushManager: true, hasNotification: true, hasServiceWorker: true };

describe('push support', () => {
  it('sends iPhone and iPad Safari in a tab to the Home Screen guide (an iPad asking for desktop sites too)', () => {
    expect(pushSupport(tab)).toBe('add-to-home-screen');
    expect(pushSupport({ ...tab, userAgent: userAgents.iPadDesktop })).toBe('add-to-home-screen');
    expect(isAppleMobile({ userAgent: userAgents.iPadDesktop, maxTouchPoints: 5 })).toBe(true);
    // A Mac says Macintosh too, but has no touch screen.
    expect(isAppleMobile({ userAgent: userAgents.mac, maxTouchPoints: 0 })).toBe(false);
  });

  it('subscribes as usual in the Home Screen web app, where iOS has push', () => {
    expect(pushSupport({ ...tab, standalone: true, ...withPush })).toBe('service-worker');
  });

  it('says unsupported where the Home Screen cannot help: a web app there without push (iOS before 16.4), a desktop browser without it', () => {
    expect(pushSupport({ ...tab, standalone: true })).toBe('unsupported');
    expect(pushSupport({ ...tab, userAgent: userAgents.chrome, maxTouchPoints: 0 })).toBe('unsupported');
  });

  it('takes window.pushManager (Declarative Web Push) when there is no service worker Push API', () => {
    expect(
      pushSupport({
        ...tab,
        userAgent: userAgents.mac,
        maxTouchPoints: 0,
        hasNotification: true,
        hasWindowPushManager: true,
      }),
    ).toBe('window');
    expect(pushSupport({ ...tab, userAgent: userAgents.chrome, maxTouchPoints: 0, ...withPush })).toBe(
      'service-worker',
    );
  });
});

// The composer's per-browser preview (app/console/(admin)/campaigns/browser-previews.ts):
// buttons and the big image only where MDN's compat data says the browser
// shows them, text cut about where each platform cuts it, and a warning when
// a button's link is the only way to its page on browsers without buttons.
import { describe, expect, it } from 'vitest';
import {
  browserCapabilities,
  browserPreview,
  buttonOnlyLinkWarnings,
} from '@/app/console/(admin)/campaigns/browser-previews';
import type { CampaignMessage } from '@/lib/contracts/campaign';
import { campaignPayload } from '@/lib/contracts/campaign-message';

const message: CampaignMessage = {
  title: 'Lisbon for €199: three nights by the river, flights included from London',
  body: 'x'.repeat(200),
  url: '/products/trip-lisbon',
  icon: '/icons/icon-192.png',
  image: 'https://cdn.example/lisbon.jpg',
  actions: [
    { action: 'book', title: 'Book now', url: '/checkout?trip=lisbon' },
    { action: 'more', title: 'More', url: '/products/trip-lisbon#details' },
  ],
};
const payload = campaignPayload(1, message, {});
const byId = Object.fromEntries(browserCapabilities.map((browser) => [browser.id, browser]));

describe('the per-browser capability table', () => {
  it('gives buttons and the big image to Chromium only; Safari shows the site’s icon, not the message’s', () => {
    const shows = browserCapabilities.map(({ id, actions, image, icon }) => ({ id, actions, image, icon }));
    expect(shows).toEqual([
      { id: 'chrome-windows', actions: 2, image: true, icon: true },
      { id: 'chrome-android', actions: 2, image: true, icon: true },
      { id: 'firefox', actions: 0, image: false, icon: true },
      { id: 'safari-macos', actions: 0, image: false, icon: false },
      { id: 'safari-ios', actions: 0, image: false, icon: false },
    ]);
  });

  it('renders each browser’s notification with only what it shows, cut to its lengths', () => {
    const chrome = browserPreview(byId['chrome-windows']!, payload);
    expect(chrome.actions.map((action) => action.title)).toEqual(['Book now', 'More']);
    expect(chrome.image).toBe('https://cdn.example/lisbon.jpg');
    expect(chrome.icon).toBe('/icons/icon-192.png');
    for (const id of ['firefox', 'safari-macos', 'safari-ios']) {
      const shown = browserPreview(byId[id]!, payload);
      expect(shown.actions).toEqual([]);
      expect(shown.image).toBeUndefined();
    }
    expect(browserPreview(byId['safari-ios']!, payload).icon).toBeUndefined();
    const android = browserPreview(byId['chrome-android']!, payload);
    // Cut to 40 characters with an ellipsis; the count says how much is missing.
    expect([...android.title]).toHaveLength(40);
    expect(android.title.endsWith('…')).toBe(true);
    expect(android.titleCut).toBe([...message.title].length - 39);
    expect(android.bodyCut).toBe(200 - 89);
    const short = browserPreview(byId['chrome-windows']!, campaignPayload(1, { title: 'Hi', body: 'Short' }, {}));
    expect(short).toMatchObject({ title: 'Hi', body: 'Short', titleCut: 0, bodyCut: 0 });
  });
});

describe('the button-only link warning', () => {
  it('names a button whose page the notification’s own link does not reach (a fragment is the same page)', () => {
    const warnings = buttonOnlyLinkWarnings(payload);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('“Book now” is the only way to /checkout?trip=lisbon');
    expect(warnings[0]).toContain('Firefox, Safari on macOS, Safari on iOS show no buttons');
  });

  it('says nothing when every button goes where the notification goes, or there are none', () => {
    const same = campaignPayload(1, { ...message, actions: [{ action: 'open', title: 'Open' }] }, {});
    expect(buttonOnlyLinkWarnings(same)).toEqual([]);
    expect(buttonOnlyLinkWarnings(campaignPayload(1, { title: 'Hi', body: '' }, {}))).toEqual([]);
  });
});

// Why this browser could not subscribe for a test send, in words that say what
// to do. The tracker's errors are worded for site developers ("Kairos: …") and
// the browser's own ("Registration failed - permission denied") name no cure;
// the marketer needs the step that fixes it.

/** What the browser says about itself when the subscription failed. */
export interface BrowserPushState {
  /** `window.isSecureContext`: Web Push exists only over HTTPS or on localhost. */
  secureContext: boolean;
  /** `Notification.permission`, or 'unsupported' when the browser has no Notification API. */
  permission: NotificationPermission | 'unsupported';
}

export const pushProblems = {
  insecure:
    'Web Push needs a secure connection: this console is open over plain HTTP. Open it over HTTPS (or on localhost), then try again.',
  blocked:
    'Notifications are blocked for this site in this browser. Allow them in the site settings (the icon left of the address), then try again.',
  dismissed: 'Notifications were not allowed: choose Allow when the browser asks, then try again.',
  noPushService:
    'This browser could not reach a push service (private windows, headless browsers and some browser builds have none). Try again in a regular, non-private window of Chrome, Edge or Firefox.',
  unsupported: 'This browser has no Web Push. Try a recent Chrome, Edge, Firefox or Safari.',
} as const;

const browserErrorNames = new Set(['AbortError', 'NotAllowedError', 'InvalidStateError', 'NotSupportedError']);

export function browserPushProblem(error: unknown, browser: BrowserPushState): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const message = error instanceof Error || error instanceof DOMException ? error.message : String(error);
  if (!browser.secureContext) return pushProblems.insecure;
  if (browser.permission === 'denied') return pushProblems.blocked;
  if (/notifications are not allowed/.test(message)) return pushProblems.dismissed;
  if (browser.permission === 'unsupported' || /has no Web Push/.test(message)) return pushProblems.unsupported;
  // Permission granted, yet the browser refused to subscribe: it has no push service to use.
  if (browser.permission === 'granted' && (browserErrorNames.has(name) || /^Registration failed/i.test(message))) {
    return pushProblems.noPushService;
  }
  return message.replace(/^Kairos: /, '');
}

// The soft prompt's settings, from data-push-* attributes on the kairos.js tag:
//   data-push="prompt"      show the soft prompt (any value turns it on)
//   data-push-title / -text / -allow / -deny   its words
//   data-push-after="2"     show it from this page view on (never on the first paint)
//   data-push-delay="3000"  milliseconds after the page view before it appears
//   data-push-snooze="7"    days a "Not now" (or Escape) is respected
//   data-push-class         the site's own CSS class for it (then no built-in styles)
//   data-push-color         the built-in style's accent colour
//   data-push-position      "top" or "bottom" (default)
export interface PromptConfig {
  title: string;
  text: string;
  allow: string;
  deny: string;
  afterViews: number;
  delayMs: number;
  snoozeDays: number;
  className: string | undefined;
  color: string;
  position: 'top' | 'bottom';
}

const count = (value: string | undefined, fallback: number) => {
  const number = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(number) && number >= 0 ? number : fallback;
};

export function readPromptConfig(data: DOMStringMap): PromptConfig {
  return {
    title: data.pushTitle || 'Get notified',
    text: data.pushText || 'Allow notifications to hear about deals and news first. You can turn them off at any time.',
    allow: data.pushAllow || 'Allow',
    deny: data.pushDeny || 'Not now',
    afterViews: Math.max(2, count(data.pushAfter, 2)),
    delayMs: count(data.pushDelay, 3_000),
    snoozeDays: count(data.pushSnooze, 7),
    className: data.pushClass || undefined,
    color: data.pushColor || '#4f46e5',
    position: data.pushPosition === 'top' ? 'top' : 'bottom',
  };
}

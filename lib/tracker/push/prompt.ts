// The soft prompt's life on a page: count the view (and later client-side
// page views), and when the rule says so, show the prompt after a delay.
// "Allow" leads to the browser's prompt and the subscription.
import type { TrackerConfig } from '../config';
import { readPromptConfig } from './prompt-config';
import { countView, dismiss, promptDue } from './prompt-rule';
import { showPrompt } from './prompt-view';
import { subscribe, type TrackerIdentity } from './subscription';

interface PageApi {
  page?: (...args: unknown[]) => void;
}

export function startPrompt(config: TrackerConfig, script: HTMLScriptElement | null, visitor: TrackerIdentity): void {
  const settings = readPromptConfig(script?.dataset ?? {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  let shown = false;

  const consider = () => {
    // Without consent (when the site requires it) nothing is stored, not even this count.
    if (!visitor.allowed()) return;
    const state = countView();
    // Only while the browser has not asked yet: a granted or blocked permission is the visitor's answer.
    if (shown || timer || Notification.permission !== 'default') return;
    if (!promptDue(state, settings.afterViews, settings.snoozeDays)) return;
    timer = setTimeout(() => {
      shown = true;
      showPrompt(settings, {
        onDismiss: () => dismiss(),
        onAllow: () =>
          void subscribe(config, visitor).catch((error: unknown) =>
            console.warn(error instanceof Error ? error.message : error),
          ),
      });
    }, settings.delayMs);
  };

  if (!('Notification' in window) || !('PushManager' in window)) return;
  consider();
  // Client-side navigations call kairos.page() again: each is a page view for the rule.
  const kairos = (window as unknown as { kairos?: PageApi }).kairos;
  const page = kairos?.page;
  if (kairos && page) {
    kairos.page = (...args: unknown[]) => {
      page(...args);
      consider();
    };
  }
}

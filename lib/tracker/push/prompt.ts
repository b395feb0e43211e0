// The soft prompt's life on a page: count the view (and later client-side
// page views), and when the rule says so, show the prompt after a delay.
// "Allow" leads to the browser's prompt and the subscription.
import type { TrackerConfig } from '../config';
import { readHomeScreenGuideText, showHomeScreenGuide } from './home-screen-guide';
import { readPromptConfig } from './prompt-config';
import { countView, dismiss, promptDue } from './prompt-rule';
import { showPrompt } from './prompt-view';
import { browserSurface, pushSupport } from './push-support';
import { subscribe, type TrackerIdentity } from './subscription';

interface PageApi {
  page?: (...args: unknown[]) => void;
}

export function startPrompt(config: TrackerConfig, script: HTMLScriptElement | null, visitor: TrackerIdentity): void {
  const settings = readPromptConfig(script?.dataset ?? {});
  const guide = readHomeScreenGuideText(script?.dataset ?? {});
  const support = pushSupport(browserSurface());
  // iOS and iPadOS Safari in a tab: the guide to the Home Screen takes the prompt's place (no permission to ask).
  const guideInstead = support === 'add-to-home-screen';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let shown = false;

  const consider = () => {
    // Without consent (when the site requires it) nothing is stored, not even this count.
    if (!visitor.allowed()) return;
    const state = countView();
    // Only while the browser has not asked yet: a granted or blocked permission is the visitor's answer.
    if (shown || timer || (!guideInstead && Notification.permission !== 'default')) return;
    if (!promptDue(state, settings.afterViews, settings.snoozeDays)) return;
    timer = setTimeout(() => {
      shown = true;
      if (guideInstead) {
        showHomeScreenGuide(guide, () => dismiss());
        return;
      }
      showPrompt(settings, {
        onDismiss: () => dismiss(),
        onAllow: () =>
          void subscribe(config, visitor, guide).catch((error: unknown) =>
            console.warn(error instanceof Error ? error.message : error),
          ),
      });
    }, settings.delayMs);
  };

  if (support === 'unsupported') return;
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

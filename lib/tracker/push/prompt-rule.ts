// When the soft prompt may appear: from the Nth page view on (the first view
// never shows it), not within the snooze after a dismissal, and only while the
// browser has not been asked yet. State lives in localStorage (every tab shares it).
const stateKey = 'kairos.push';
const dayMs = 24 * 60 * 60 * 1000;

export interface PromptState {
  views: number;
  dismissedAt?: number;
}

export function readPromptState(): PromptState {
  try {
    const state = JSON.parse(localStorage.getItem(stateKey) ?? '{}') as Partial<PromptState>;
    return {
      views: Number(state.views) || 0,
      ...(state.dismissedAt ? { dismissedAt: Number(state.dismissedAt) } : {}),
    };
  } catch {
    return { views: 0 };
  }
}

export function writePromptState(state: PromptState): void {
  try {
    localStorage.setItem(stateKey, JSON.stringify(state));
  } catch {
    // storage blocked: the prompt follows the rule for this page only
  }
}

/** One more page view; the state after it. */
export function countView(): PromptState {
  const state = readPromptState();
  state.views += 1;
  writePromptState(state);
  return state;
}

export function dismiss(now = Date.now()): void {
  writePromptState({ ...readPromptState(), dismissedAt: now });
}

export const promptDue = (state: PromptState, afterViews: number, snoozeDays: number, now = Date.now()): boolean =>
  state.views >= afterViews && (!state.dismissedAt || now - state.dismissedAt >= snoozeDays * dayMs);

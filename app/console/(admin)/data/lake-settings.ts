// The sync's memory budget and the window the marketer chose, kept in this
// browser. The budget follows the device's memory (navigator.deviceMemory, in
// GB, reported up to 8): a quarter of it, capped at 2 GB, well below
// DuckDB-WASM's 4 GB heap, since the tab, the page and the query working room
// need their share too. A stored budget (a test, or a support session
// pinning it) wins.
const windowKey = 'kairos.console.windowDays';
const budgetKey = 'kairos.console.budgetBytes';
const gib = 2 ** 30;

/** The choices of the window control: days back from the newest event; null is "as much as fits". */
export const windowChoices = [null, 7, 30, 90, 365] as const;
export type WindowDays = (typeof windowChoices)[number];

export const windowLabel = (days: WindowDays) => (days === null ? 'As much as fits' : `Last ${days} days`);

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function syncBudgetBytes(): number {
  const pinned = Number(stored(budgetKey));
  if (Number.isFinite(pinned) && pinned > 0) return pinned;
  const deviceGb = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  return Math.min(2 * gib, typeof deviceGb === 'number' && deviceGb > 0 ? (deviceGb * gib) / 4 : gib);
}

/** A choice from its text (a stored value, a <select>'s); anything else is "as much as fits". */
export function windowDaysOf(text: string | null): WindowDays {
  const days = text === null || text === '' ? NaN : Number(text);
  return windowChoices.find((choice) => choice === days) ?? null;
}

export const storedWindowDays = (): WindowDays => windowDaysOf(stored(windowKey));

export function storeWindowDays(days: WindowDays): void {
  try {
    if (days === null) window.localStorage.removeItem(windowKey);
    else window.localStorage.setItem(windowKey, String(days));
  } catch {
    // Private mode without storage: the choice lasts this visit.
  }
}

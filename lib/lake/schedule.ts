import 'server-only';
// When the server compacts on its own: once enough events have been stored
// since the last run (KAIROS_LAKE_MIN_EVENTS), a quiet moment after the
// threshold (KAIROS_LAKE_DEBOUNCE_SECONDS, so a burst is compacted once, not
// per batch); after a forget, the same moment later; and every
// KAIROS_LAKE_INTERVAL_SECONDS regardless, for a small tail. Timers are unref'd:
// they never keep a stopping process alive.
import type { LakeSettings } from './settings';

export class LakeSchedule {
  #stored = 0;
  #armed: NodeJS.Timeout | undefined;
  #interval: NodeJS.Timeout | undefined;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly settings: Pick<LakeSettings, 'minEvents' | 'debounceMs' | 'intervalMs'>,
  ) {}

  start(): void {
    this.#interval ??= setInterval(() => void this.#runNow(), this.settings.intervalMs).unref();
    // A tail left by the last process (or a crash) is compacted soon after start.
    this.#arm();
  }

  stop(): void {
    clearInterval(this.#interval);
    clearTimeout(this.#armed);
    this.#interval = this.#armed = undefined;
  }

  /** Events were stored. */
  stored(count: number): void {
    this.#stored += count;
    if (this.#stored >= this.settings.minEvents) this.#arm();
  }

  /** A visitor was forgotten: their compacted events are rewritten out at the next run. */
  forgotten(): void {
    this.#arm();
  }

  #arm(): void {
    this.#armed ??= setTimeout(() => void this.#runNow(), this.settings.debounceMs).unref();
  }

  async #runNow(): Promise<void> {
    clearTimeout(this.#armed);
    this.#armed = undefined;
    this.#stored = 0;
    await this.run();
  }
}

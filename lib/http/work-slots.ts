// A bound on one kind of long work running at once (the event export). Each
// export holds the request thread for part of every turn and PGlite's single
// connection for each of its queries: past a couple at a time they only slow
// each other and everything else down. A caller beyond the bound is refused at
// once (429 with Retry-After) rather than queued: a queued export would hold
// its connection open without sending a byte, which proxies and load balancers
// cut after their idle timeout, and the console's loader retries anyway.
export class WorkSlots {
  #busy = 0;

  constructor(readonly limit: number) {}

  /** Takes a slot: its release (safe to call more than once), or undefined when all are taken. */
  take(): (() => void) | undefined {
    if (this.#busy >= this.limit) return undefined;
    this.#busy++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.#busy--;
    };
  }

  get busy(): number {
    return this.#busy;
  }
}

/** A slot count from the environment (a positive integer), or the default. */
export function slotsFromEnv(envName: string, fallback: number): WorkSlots {
  const configured = Number(process.env[envName]);
  return new WorkSlots(Number.isInteger(configured) && configured > 0 ? configured : fallback);
}

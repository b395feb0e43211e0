import { RateLimiter } from './rate-limit';
import { CheckThrottle } from './throttle';

/** Who is trying: the client key (lib/http/client-key.ts) and, from a browser that logged in before, its device id. */
export interface LoginAttempt {
  client: string;
  device?: string;
}

export type LoginOutcome =
  | { kind: 'correct' }
  | { kind: 'wrong' }
  | { kind: 'locked'; retryAfter: number }
  | { kind: 'busy'; retryAfter: number };

export interface LoginGateOptions {
  /** Failures a client (or device) may have per window before it is locked out. */
  failures: number;
  windowMs: number;
  /** Failures overall per window past which unknown browsers' checks are spaced out. */
  overallFailures: number;
  slowdownMs: number;
  now?: () => number;
  pause?: (ms: number) => Promise<void>;
}

export const loginDefaults: LoginGateOptions = {
  failures: 10,
  windowMs: 15 * 60_000,
  overallFailures: 100,
  slowdownMs: 1_000,
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Who may have a password checked, and when. The rule it keeps: the right
 * password is never refused because of other clients' failures.
 *
 * - Failures lock out only the key that failed: a client address (the socket's,
 *   so it cannot be claimed), or a known device. They are counted before the
 *   check, so parallel guesses cannot slip past, and a success clears them: the
 *   count is of failures, not attempts.
 * - The cost of checking is bounded by two lanes of one check at a time (two
 *   scrypt runs, ~256 MiB, at most). Unknown browsers share one; browsers with a
 *   valid known-device cookie have the other, which strangers cannot enter, so
 *   the admin's usual browser never waits behind a guessing crowd.
 * - Nobody is turned away for the queue's length (a length cap is what forty
 *   parallel guesses filled): each key may hold two places, the rest of its
 *   requests are refused to it alone.
 * - Many failures overall (a distributed attack) space out the unknown lane,
 *   one check per `slowdownMs`: it bounds guessing when checks are cheap (an
 *   env password is no scrypt). It delays the admin on a new browser, never
 *   refuses them, and never touches the known lane.
 */
export class LoginGate {
  readonly #failures: RateLimiter;
  readonly #overall: RateLimiter;
  readonly #unknownLane = new CheckThrottle(1, 2);
  readonly #knownLane = new CheckThrottle(1, 2);
  readonly #slowdownMs: number;
  readonly #pause: (ms: number) => Promise<void>;

  constructor(options: LoginGateOptions = loginDefaults) {
    this.#failures = new RateLimiter(options.failures, options.windowMs, options.now);
    this.#overall = new RateLimiter(options.overallFailures, options.windowMs, options.now);
    this.#slowdownMs = options.slowdownMs;
    this.#pause = options.pause ?? sleep;
  }

  async attempt(who: LoginAttempt, check: () => Promise<boolean>): Promise<LoginOutcome> {
    const key = who.device ? `device:${who.device}` : `client:${who.client}`;
    const wait = this.#failures.retryAfter(key);
    if (wait > 0) return { kind: 'locked', retryAfter: wait };
    this.#failures.hit(key);

    const lane = who.device ? this.#knownLane : this.#unknownLane;
    const correct = await lane.run(key, async () => {
      if (!who.device && this.#overall.retryAfter('all') > 0) await this.#pause(this.#slowdownMs);
      return check();
    });
    if (correct === undefined) return { kind: 'busy', retryAfter: 1 };
    if (!correct) {
      this.#overall.hit('all');
      return { kind: 'wrong' };
    }
    this.#failures.reset(key);
    return { kind: 'correct' };
  }
}

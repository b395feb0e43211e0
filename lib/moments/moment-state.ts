// What the moment service decides with, in memory: the compiled rules of the
// published config, and the visitor's side (recent fires, time zone, cart)
// mirrored from IndexedDB. Read once per worker life and kept in step with
// every write, so a moment is decided synchronously, inside the event that
// saw it; writes keep their order behind it.
import type { PredicateContext } from '../contracts/profile';
import type { GlobalHoldout } from '../contracts/global-holdout';
import type { ChannelCaps } from '../contracts/delivery-policy';
import { weekMs } from '../delivery-policy/frequency-cap';
import { compilePredicate, type SegmentPredicate } from '../segments/predicate';
import type { DeviceDatabase } from '../store/database';
import type { CartState } from './carts';
import { compileRules, type CompiledRule, type MomentDecision } from './decision';
import { readDeviceConfig, validRules } from './device-config';
import { markStartup } from './startup-marks';

/** How long fires are kept in the decision log: longer than any cap period a rule may set. */
const logHorizonMs = 366 * 86_400_000;
export const cartKey = 'moments.cart';
export const timeZoneKey = 'moments.timezone';

export interface Rules {
  version: string;
  fetchedAt: number;
  rules: CompiledRule[];
  segments: Map<number, SegmentPredicate>;
  context: Omit<PredicateContext, 'asOf'>;
  holdout: GlobalHoldout | null;
  caps: ChannelCaps | null;
}

/** The visitor's side, mirrored from IndexedDB: every change is made here first, then written. */
export interface History {
  /** Fires within the log horizon: all that caps, cooldowns and the daily cap read. */
  fires: MomentDecision[];
  timeZone: string | undefined;
  cart: CartState | undefined;
  /** When this device showed the server's notifications in the last week (the cross-channel caps count them). */
  shown: number[];
}

const done: Promise<void> = Promise.resolve();

export class MomentState {
  /** undefined: not read yet; null: no config stored. */
  rules: Rules | null | undefined;
  history: History | undefined;
  private loading: Promise<void> | undefined;
  private writing: Promise<void> = done;

  constructor(
    private readonly db: DeviceDatabase,
    private readonly now: () => number,
  ) {}

  get loaded(): boolean {
    return this.rules !== undefined && this.history !== undefined;
  }

  /** Once per worker life (or again after `unload`). */
  load(): Promise<void> {
    if (this.loaded) return done;
    this.loading ??= (async () => {
      const [entry, read] = await Promise.all([
        this.rules === undefined ? readDeviceConfig(this.db) : undefined,
        this.readHistory(),
      ]);
      if (this.rules === undefined) this.rules = this.compile(entry);
      // forget() during the read already set the (empty) history: what was read is what it forgot.
      this.history ??= read;
      markStartup('state read');
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Forgets what is in memory, after any read in flight, so the next load reads the store again. */
  async unload(): Promise<void> {
    await this.loading?.catch(() => {});
    this.rules = undefined;
    this.history = undefined;
  }

  /** Reads the stored config again (a refresh stored a new one). */
  async reloadRules(): Promise<void> {
    this.rules = this.compile(await readDeviceConfig(this.db));
  }

  /** Writes keep their order (a cart started, then deleted), off the moment's path; a failure is logged. */
  persist(write: () => Promise<unknown>): Promise<void> {
    this.writing = this.writing.then(write).then(
      () => undefined,
      (error: unknown) => console.error('kairos: moment state not saved', error),
    );
    return this.writing;
  }

  private compile(entry: Awaited<ReturnType<typeof readDeviceConfig>>): Rules | null {
    if (!entry) return null;
    const { config } = entry;
    // Where the device is (its config response's place): geo conditions read it, not the device's events.
    const geo = config.geo ?? null;
    if (this.rules?.version === config.version) {
      return { ...this.rules, fetchedAt: entry.fetchedAt, context: { ...this.rules.context, geo } };
    }
    return {
      version: config.version,
      fetchedAt: entry.fetchedAt,
      rules: compileRules(validRules(config)),
      segments: new Map(config.segments.map((segment) => [segment.id, compilePredicate(segment.definition)])),
      context: {
        rfm: config.rfm,
        // With a published BG/NBD model the device scores its own expected purchases
        // (lib/segments/intent-score.ts); without one the tier reads the `intentScore` trait.
        intent: config.intent?.cutPoints ?? { high: Number.POSITIVE_INFINITY, medium: Number.POSITIVE_INFINITY },
        intentModel: config.intent,
        person: config.person ?? null,
        geo,
      },
      holdout: config.holdout ?? null,
      caps: config.caps ?? null,
    };
  }

  private async readHistory(): Promise<History> {
    const since = this.now() - logHorizonMs;
    const [log, zone, cart, shown] = await Promise.all([
      this.db.decisions.find('at', { above: since }),
      this.db.meta.get(timeZoneKey),
      this.db.meta.get(cartKey),
      this.db.shownDeliveries.find('shownAt', { above: this.now() - weekMs }),
    ]);
    return {
      fires: log.filter((entry) => entry.outcome === 'fired'),
      timeZone: zone?.value as string | undefined,
      cart: cart?.value as CartState | undefined,
      shown: shown.map((entry) => entry.shownAt),
    };
  }
}

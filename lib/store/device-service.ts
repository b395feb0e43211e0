// The service worker's side of the device store: takes the tracker's messages,
// writes events (profile and outbox in the same transaction) and keeps the
// outbox flowing to the collector. Framework-free: workers/ wires it to events.
import type { DeviceSettings, PageToWorker, WorkerToPage } from '../contracts/device-messages';
import type { KairosEvent } from '../contracts/event';
import { flushOutbox, type FlushResult } from './outbox';
import type { DeviceDatabase } from './database';
import type { DeviceProfile } from './entities';
import { forgetEverything, forgetHistory, recordEvents } from './record';
import type { RetentionLimits } from './retention';
import { claimShowing, releaseShowing } from '../notifications/shown-deliveries';

export const deviceServiceVersion = 1;
const settingsKey = 'settings';

export interface DeviceServiceOptions {
  db: DeviceDatabase;
  limits?: RetentionLimits;
  fetch?: typeof fetch;
  /** Called with the time of the next due retry after a failed send (a timer, Background Sync). */
  scheduleRetry: (at: number) => void;
}

export interface DeviceService {
  handle(message: PageToWorker): Promise<WorkerToPage>;
  /** Sends what is due; one flush at a time per service worker. */
  flush(): Promise<FlushResult>;
  /**
   * Events the service worker observes itself (a notification shown or
   * clicked): stored like the page's, and sent when the page's settings allow.
   */
  record(events: KairosEvent[]): Promise<void>;
  /** Who this device's visitor is (written by the page's events), if anyone yet. */
  profile(): Promise<DeviceProfile | undefined>;
  /** What the page last told this worker (the collector's URL, whether events may leave). */
  settings(): Promise<DeviceSettings | undefined>;
  /** True the first time a campaign delivery is to be shown, false for a copy already shown (shown-deliveries.ts). */
  claimShowing(deliveryId: number): Promise<boolean>;
  /** The claimed delivery could not be shown: a later copy may show it. */
  releaseShowing(deliveryId: number): Promise<void>;
}

const pick = ({ retryAt }: FlushResult) => (retryAt ? { retryAt } : {});

export function createDeviceService({ db, limits, fetch: send, scheduleRetry }: DeviceServiceOptions): DeviceService {
  let running: Promise<FlushResult> | undefined;
  // Writes run one at a time: message handlers overlap, and two retention
  // passes counting the same excess would evict it twice.
  let writes: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = writes.then(work);
    writes = next.catch(() => {});
    return next;
  };
  let settingsCache: DeviceSettings | undefined;

  async function readSettings(): Promise<DeviceSettings | undefined> {
    settingsCache ??= (await db.meta.get(settingsKey))?.value as DeviceSettings | undefined;
    return settingsCache;
  }

  /** Written only when they change: every page sends them, and a full disk must not fail the events. */
  async function saveSettings(settings: DeviceSettings): Promise<void> {
    const current = await readSettings();
    if (current?.collector === settings.collector && current.sync === settings.sync) return;
    settingsCache = settings;
    await db.meta.put({ key: settingsKey, value: settings }).catch(() => {});
  }

  function flush(): Promise<FlushResult> {
    running ??= (async () => {
      const settings = await readSettings();
      if (!settings?.sync) return { sent: 0, refused: 0 };
      const result = await flushOutbox(db, { collector: settings.collector, fetch: send });
      if (result.retryAt) scheduleRetry(result.retryAt);
      return result;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  async function handle(message: PageToWorker): Promise<WorkerToPage> {
    switch (message.type) {
      case 'hello':
        return { kairos: 1, type: 'ready', version: deviceServiceVersion };
      case 'settings':
        await saveSettings(message.settings);
        return { kairos: 1, type: 'done' };
      case 'events':
        await serially(async () => {
          await saveSettings(message.settings);
          await recordEvents(db, message.events, { sync: message.settings.sync, ...(limits ? { limits } : {}) });
        });
        return { kairos: 1, type: 'done' };
      case 'online':
        await db.outbox.update({ nextAttemptAt: Date.now(), attempts: 0 });
        return { kairos: 1, type: 'done', ...pick(await flush()) };
      case 'flush':
        return { kairos: 1, type: 'done', ...pick(await flush()) };
      case 'forget':
        await serially(async () => {
          await running?.catch(() => {}); // a send in flight lands before the server is asked to forget
          settingsCache = undefined;
          await forgetEverything(db);
        });
        return { kairos: 1, type: 'done' };
      case 'reset':
        await serially(() => forgetHistory(db));
        return { kairos: 1, type: 'done' };
    }
  }

  async function record(events: KairosEvent[]): Promise<void> {
    const sync = (await readSettings())?.sync ?? false;
    await serially(() => recordEvents(db, events, { sync, ...(limits ? { limits } : {}) }));
    if (sync) await flush();
  }

  return {
    handle,
    flush,
    record,
    profile: () => db.profile.get('me'),
    settings: readSettings,
    claimShowing: (deliveryId) => claimShowing(db, deliveryId),
    releaseShowing: (deliveryId) => releaseShowing(db, deliveryId),
  };
}

// Where events go from the page: to the Kairos service worker, which stores
// them on the device and syncs them; or, when the site has no Kairos service
// worker, straight to the collector in small batches.
import type { DeviceSettings, PageToWorker, WorkerToPage } from '../contracts/device-messages';
import type { KairosEvent } from '../contracts/event';

type Route = 'pending' | 'worker' | 'direct';

const handshakeMs = 3_000;
const installWaitMs = 15_000;
const directDelayMs = 1_000;
/** After events reach the worker, the page asks once how sending went. */
const nudgeDelayMs = 1_500;

// TypeScript `private`, not `#` fields: for the es2020 target esbuild lowers
// `#` fields to WeakMap helpers, about 140 B gzip of the tracker's budget.
export class Transport {
  private route: Route = 'pending';
  private worker: ServiceWorker | undefined;
  private waiting: KairosEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private nudgeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly connected: Promise<void>;

  constructor(
    readonly settings: DeviceSettings,
    serviceWorker: string | undefined,
  ) {
    this.connected = this.connect(serviceWorker).then((worker) => {
      this.worker = worker;
      this.route = worker ? 'worker' : 'direct';
      this.drain();
    });
    addEventListener('pagehide', () => this.flush());
    addEventListener(
      'online',
      () => void this.post({ kairos: 1, type: 'online' }).then((reply) => this.afterFlush(reply)),
    );
    addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && this.flush());
  }

  send(events: KairosEvent[]): void {
    this.waiting.push(...events);
    // Calls made in one task travel in one message (the worker writes them in one transaction).
    if (this.route !== 'pending')
      this.timer ??= setTimeout(() => this.drain(), this.route === 'worker' ? 0 : directDelayMs);
  }

  /** Asks the service worker to store (and with consent, send) everything now; on page hide too. */
  flush(): void {
    if (this.route === 'worker') {
      this.drain();
      this.post({ kairos: 1, type: 'flush' });
    } else this.drain(true);
  }

  /**
   * Consent withdrawn, or reset(): drop what waits here and clear the device
   * store (for 'forget', once any send in flight has finished, so nothing
   * reaches the server after the page asks it to forget).
   */
  async clear(type: 'forget' | 'reset'): Promise<void> {
    this.waiting = [];
    await this.connected;
    await this.post({ kairos: 1, type });
  }

  private post(message: PageToWorker): Promise<WorkerToPage | undefined> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data as WorkerToPage);
      try {
        worker.postMessage(message, [channel.port2]);
      } catch {
        resolve(undefined); // a worker gone away: never an error in the host page
      }
    });
  }

  private drain(pageHiding = false): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.waiting.splice(0);
    if (events.length === 0) return;
    if (this.route === 'worker') {
      void this.post({ kairos: 1, type: 'events', events, settings: this.settings });
      this.scheduleNudge(nudgeDelayMs);
    } else if (this.route === 'direct' || pageHiding) {
      // No device store: the collector de-duplicates, so a resend after a lost answer is harmless.
      // At most 50 events a request, under keepalive's 64 KB (events are capped at 8 KB each).
      const rest = events.splice(50);
      const retry = () => {
        if (!pageHiding) this.send(events);
      };
      fetch(this.settings.collector, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify({ batch: events, sentAt: new Date().toISOString() }),
        keepalive: true,
        credentials: 'omit',
      }).then((response) => (response.status === 429 || response.status >= 500) && retry(), retry);
      if (rest.length) {
        this.waiting.unshift(...rest);
        this.drain(pageHiding);
      }
    } else {
      this.waiting.unshift(...events);
    }
  }

  /**
   * A stopped service worker forgets its retry timer; a page lives longer. So
   * the page asks for a flush and, while events wait for a retry, asks again
   * when the retry is due.
   */
  private scheduleNudge(delayMs: number): void {
    clearTimeout(this.nudgeTimer);
    this.nudgeTimer = setTimeout(
      () => void this.post({ kairos: 1, type: 'flush' }).then((reply) => this.afterFlush(reply)),
      delayMs,
    );
  }

  private afterFlush(reply: WorkerToPage | undefined): void {
    if (reply?.type === 'done' && reply.retryAt) this.scheduleNudge(Math.max(1_000, reply.retryAt - Date.now() + 50));
  }

  /** The active Kairos service worker, if one answers the handshake in time. */
  private async connect(scriptUrl: string | undefined): Promise<ServiceWorker | undefined> {
    try {
      const container = navigator.serviceWorker;
      let registration = await container.getRegistration();
      if (!registration && scriptUrl) registration = await container.register(scriptUrl);
      // A first install can take seconds on a busy device: wait longer when a registration exists
      // (events wait in memory meanwhile). Without one, the site's own may still be starting: when
      // one has appeared after a short wait (registered on load, still installing), wait for it too.
      const ready = (ms: number) =>
        Promise.race([container.ready, new Promise<undefined>((resolve) => setTimeout(resolve, ms))]);
      const worker =
        registration?.active ??
        (await ready(registration ? installWaitMs : handshakeMs))?.active ??
        (!registration && (await container.getRegistration()) && (await ready(installWaitMs))?.active);
      if (!worker) return undefined;
      this.worker = worker;
      const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, handshakeMs));
      const reply = await Promise.race([this.post({ kairos: 1, type: 'hello' }), timeout]);
      return reply?.type === 'ready' ? worker : undefined;
    } catch {
      return undefined; // no service worker support (or blocked): send directly
    }
  }
}

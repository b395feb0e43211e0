// Where events go from the page: to the Kairos service worker, which stores
// them on the device and syncs them; or, when the site has no Kairos service
// worker, straight to the collector in small batches.
import type { DeviceSettings, PageToWorker, WorkerToPage } from '../contracts/device-messages';
import type { KairosEvent } from '../contracts/event';

type Route = 'pending' | 'worker' | 'direct';

const handshakeMs = 3_000;
const directDelayMs = 1_000;

export class Transport {
  #route: Route = 'pending';
  #worker: ServiceWorker | undefined;
  #waiting: KairosEvent[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly settings: DeviceSettings,
    serviceWorker: string | undefined,
  ) {
    void this.#connect(serviceWorker).then((worker) => {
      this.#worker = worker;
      this.#route = worker ? 'worker' : 'direct';
      this.#drain();
    });
    addEventListener('pagehide', () => this.flush());
    addEventListener('online', () => void this.#post({ kairos: 1, type: 'online' }));
    addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && this.flush());
  }

  send(events: KairosEvent[]): void {
    this.#waiting.push(...events);
    // Calls made in one task travel in one message (the worker writes them in one transaction).
    if (this.#route !== 'pending')
      this.#timer ??= setTimeout(() => this.#drain(), this.#route === 'worker' ? 0 : directDelayMs);
  }

  /** Asks the service worker to store (and with consent, send) everything now; on page hide too. */
  flush(): void {
    if (this.#route === 'worker') {
      this.#drain();
      this.#post({ kairos: 1, type: 'flush' });
    } else this.#drain(true);
  }

  /** Consent withdrawn: drop what waits here and clear the device store. */
  forget(): void {
    this.#waiting = [];
    this.#post({ kairos: 1, type: 'forget' });
  }

  #post(message: PageToWorker): Promise<WorkerToPage | undefined> {
    const worker = this.#worker;
    if (!worker) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data as WorkerToPage);
      worker.postMessage(message, [channel.port2]);
    });
  }

  #drain(pageHiding = false): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const events = this.#waiting.splice(0);
    if (events.length === 0) return;
    if (this.#route === 'worker') {
      void this.#post({ kairos: 1, type: 'events', events, settings: this.settings });
    } else if (this.#route === 'direct' || pageHiding) {
      // No device store: the collector de-duplicates, so a resend after a lost answer is harmless.
      void fetch(this.settings.collector, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify({ batch: events, sentAt: new Date().toISOString() }),
        keepalive: true,
        credentials: 'omit',
      }).catch(() => {
        if (!pageHiding) this.#waiting.unshift(...events);
      });
    } else {
      this.#waiting.unshift(...events);
    }
  }

  /** The active Kairos service worker, if one answers the handshake in time. */
  async #connect(scriptUrl: string | undefined): Promise<ServiceWorker | undefined> {
    try {
      const container = navigator.serviceWorker;
      let registration = await container.getRegistration();
      if (!registration && scriptUrl) registration = await container.register(scriptUrl);
      const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, handshakeMs));
      // The site's own registration may still be starting: `ready` waits for it, within the timeout.
      const worker = registration?.active ?? (await Promise.race([container.ready, timeout]))?.active;
      if (!worker) return undefined;
      this.#worker = worker;
      const reply = await Promise.race([this.#post({ kairos: 1, type: 'hello' }), timeout]);
      return reply?.type === 'ready' ? worker : undefined;
    } catch {
      return undefined; // no service worker support (or blocked): send directly
    }
  }
}

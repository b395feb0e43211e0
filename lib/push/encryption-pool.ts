import 'server-only';
import crypto from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { encryptAes128gcm } from './message-encryption';

/** Encrypts one payload for one subscription (RFC 8291, aes128gcm): the body to POST. */
export type PayloadEncryptor = (p256dh: string, auth: string, payload: string) => Promise<Buffer>;

export const encryptInline: PayloadEncryptor = async (p256dh, auth, payload) =>
  encryptAes128gcm(crypto, p256dh, auth, payload);

interface Job {
  p256dh: string;
  auth: string;
  payload: string;
}

type Outcome = { body: Uint8Array } | { error: string };

// The thread runs encryptAes128gcm's own source (it uses nothing but its
// crypto argument), so an eval worker needs no bundler and no module path.
// `__name` is the one helper a compiler may wrap named functions in (esbuild's keepNames).
// Each body is copied into an exact-size buffer and transferred, not cloned.
const workerSource = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const __name = (target) => target;
const encrypt = ${encryptAes128gcm.toString()};
parentPort.on('message', ({ id, jobs }) => {
  const outcomes = jobs.map((job) => {
    try {
      return { body: new Uint8Array(encrypt(crypto, job.p256dh, job.auth, job.payload)) };
    } catch (error) {
      return { error: String(error && error.message) };
    }
  });
  parentPort.postMessage({ id, outcomes }, outcomes.flatMap((o) => (o.body ? [o.body.buffer] : [])));
});`;

interface Waiting {
  resolve: (body: Buffer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Per batch id, its waiting callers in job order. */
  batches: Map<number, Waiting[]>;
  /** Jobs sent and not yet answered: the next batch goes to the least loaded thread. */
  inFlight: number;
}

/**
 * Encryption is two P-256 operations per message (a fresh key pair, then ECDH
 * with the subscription's key), most of a delivery's CPU. Worker threads take
 * it off the thread that runs HTTP and the database. Messages are handed over
 * in batches: everything asked for in one turn of the event loop goes in one
 * postMessage, so the hand-off costs little per message. A failed thread's
 * work falls back to encrypting inline.
 */
export class EncryptionPool {
  readonly #slots: Slot[] = [];
  #queue: { job: Job; waiting: Waiting }[] = [];
  #flushScheduled = false;
  #nextBatch = 0;

  constructor(threads: number) {
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(workerSource, { eval: true });
      const slot: Slot = { worker, batches: new Map(), inFlight: 0 };
      worker.on('message', ({ id, outcomes }: { id: number; outcomes: Outcome[] }) => {
        const waiting = slot.batches.get(id) ?? [];
        slot.batches.delete(id);
        slot.inFlight -= waiting.length;
        if (slot.inFlight === 0) worker.unref();
        outcomes.forEach((outcome, index) => {
          if ('body' in outcome) waiting[index]?.resolve(Buffer.from(outcome.body.buffer));
          else waiting[index]?.reject(new Error(outcome.error));
        });
      });
      const fail = () => {
        const index = this.#slots.indexOf(slot);
        if (index >= 0) this.#slots.splice(index, 1);
        for (const batch of slot.batches.values()) for (const waiting of batch) waiting.reject(new ThreadStopped());
        slot.batches.clear();
      };
      worker.on('error', fail);
      worker.on('exit', fail);
      // An idle thread never keeps the process alive (after the listeners: adding one refs it again).
      worker.unref();
      this.#slots.push(slot);
    }
  }

  readonly encrypt: PayloadEncryptor = (p256dh, auth, payload) =>
    new Promise<Buffer>((resolve, reject) => {
      if (this.#slots.length === 0) {
        resolve(encryptInline(p256dh, auth, payload));
        return;
      }
      this.#queue.push({ job: { p256dh, auth, payload }, waiting: { resolve, reject } });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flush());
      }
    }).catch((error: unknown) => {
      // A stopped thread's messages are encrypted here instead; a refused key is refused inline too.
      if (error instanceof ThreadStopped) return encryptInline(p256dh, auth, payload);
      throw error;
    });

  #flush(): void {
    this.#flushScheduled = false;
    const queued = this.#queue;
    this.#queue = [];
    if (queued.length === 0) return;
    // Split the turn's work across the threads, the least loaded first.
    const slots = [...this.#slots].sort((a, b) => a.inFlight - b.inFlight);
    if (slots.length === 0) {
      for (const { waiting } of queued) waiting.reject(new ThreadStopped());
      return;
    }
    const share = Math.ceil(queued.length / slots.length);
    slots.forEach((slot, i) => {
      const part = queued.slice(i * share, (i + 1) * share);
      if (part.length === 0) return;
      const id = this.#nextBatch++;
      slot.batches.set(
        id,
        part.map((entry) => entry.waiting),
      );
      slot.inFlight += part.length;
      slot.worker.ref(); // its answers are awaited
      slot.worker.postMessage({ id, jobs: part.map((entry) => entry.job) });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#slots.splice(0).map(({ worker }) => worker.terminate()));
  }
}

class ThreadStopped extends Error {
  constructor() {
    super('The encryption thread stopped.');
  }
}

/**
 * Threads for encryption: KAIROS_PUSH_ENCRYPT_THREADS, by default one fewer
 * than the machine's cores (none on one core, where the hand-off only costs).
 * `npm run bench -- push` prints the figure with the setting in use.
 */
export function encryptionThreads(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const cores = os.availableParallelism();
  const configured = Number(env.KAIROS_PUSH_ENCRYPT_THREADS ?? cores - 1);
  return Number.isInteger(configured) && configured > 0 ? Math.min(configured, cores, 16) : 0;
}

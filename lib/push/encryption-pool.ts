import 'server-only';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import webpush from 'web-push';

/** Encrypts one payload for one subscription (RFC 8291, aes128gcm): the body to POST. */
export type PayloadEncryptor = (p256dh: string, auth: string, payload: string) => Promise<Buffer>;

export const encryptInline: PayloadEncryptor = async (p256dh, auth, payload) =>
  webpush.encrypt(p256dh, auth, payload, 'aes128gcm').cipherText;

// The worker runs web-push's own `encrypt`, loaded by path (an eval worker has
// no bundler; the server runs from the project folder, like the migrations).
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const webpush = require(workerData.webPushPath);
parentPort.on('message', ({ id, p256dh, auth, payload }) => {
  try {
    parentPort.postMessage({ id, body: webpush.encrypt(p256dh, auth, payload, 'aes128gcm').cipherText });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message) });
  }
});`;

interface Pending {
  resolve: (body: Buffer) => void;
  reject: (error: Error) => void;
}

/**
 * Encryption is two P-256 operations per message (a fresh ephemeral key, then
 * ECDH with the subscription's key) — most of a delivery's CPU. Worker threads
 * take it off the thread that also runs HTTP and the database, so a send uses
 * the machine's other cores. A failed worker falls back to encrypting inline.
 */
export class EncryptionPool {
  readonly #workers: { worker: Worker; pending: Map<number, Pending> }[] = [];
  #nextId = 0;
  #turn = 0;

  constructor(threads: number) {
    const webPushPath = createRequire(path.join(/*turbopackIgnore: true*/ process.cwd(), 'package.json')).resolve(
      'web-push',
    );
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(workerSource, { eval: true, workerData: { webPushPath } });
      worker.unref(); // never keeps a process alive on its own
      const slot = { worker, pending: new Map<number, Pending>() };
      worker.on('message', (message: { id: number; body?: Uint8Array; error?: string }) => {
        const waiting = slot.pending.get(message.id);
        slot.pending.delete(message.id);
        if (!waiting) return;
        if (message.body)
          waiting.resolve(Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength));
        else waiting.reject(new Error(message.error ?? 'Encryption failed.'));
      });
      const fail = (error: Error) => {
        const index = this.#workers.indexOf(slot);
        if (index >= 0) this.#workers.splice(index, 1);
        for (const waiting of slot.pending.values()) waiting.reject(error);
        slot.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', () => fail(new Error('The encryption worker stopped.')));
      this.#workers.push(slot);
    }
  }

  readonly encrypt: PayloadEncryptor = (p256dh, auth, payload) => {
    const slot = this.#workers[this.#turn++ % Math.max(1, this.#workers.length)];
    if (!slot) return encryptInline(p256dh, auth, payload);
    const id = this.#nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, p256dh, auth, payload });
    }).catch((error: unknown) => {
      // A key the worker refused is refused inline too (same message); a dead worker is replaced by inline work.
      if (error instanceof Error && error.message.includes('stopped')) return encryptInline(p256dh, auth, payload);
      throw error;
    });
  };

  async close(): Promise<void> {
    await Promise.all(this.#workers.splice(0).map(({ worker }) => worker.terminate()));
  }
}

/**
 * Threads for encryption: KAIROS_PUSH_ENCRYPT_THREADS (default 0: inline). Worth
 * it only with idle cores: on a busy 2-core machine the hand-off cost more than
 * it saved (npm run bench -- push prints the figure with the setting in use).
 */
export function encryptionThreads(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const configured = Number(env.KAIROS_PUSH_ENCRYPT_THREADS ?? 0);
  return Number.isInteger(configured) && configured > 0 ? Math.min(configured, os.availableParallelism(), 16) : 0;
}

import 'server-only';
import { type Dispatcher, Pool } from 'undici';
import type { Urgency } from '../contracts/campaign';
import {
  type AddressResolver,
  checkEndpointUrl,
  endpointPorts,
  guardedLookup,
  localEndpointsAllowed,
  systemResolver,
} from './endpoint-guard';
import { encryptInline, type PayloadEncryptor } from './encryption-pool';
import type { VapidSigner } from './vapid-signer';
import { cutText } from '../contracts/text';

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushOptions {
  ttlSeconds: number;
  urgency: Urgency;
  topic?: string | null | undefined;
}

/** What the push service answered (or the network error, as statusCode null). */
export interface PushResponse {
  statusCode: number | null;
  /** Seconds to wait, from a 429's or 503's Retry-After. */
  retryAfterSeconds?: number;
  error?: string;
}

export interface PushSenderOptions {
  signer: VapidSigner;
  /** Sockets per push-service origin (the sender's concurrency bounds use below this). */
  maxSocketsPerOrigin?: number;
  allowLocal?: boolean;
  resolve?: AddressResolver;
  /** The ports an endpoint may name (by default endpointPorts(): 443 and the configured ones). */
  ports?: ReadonlySet<number>;
  timeoutMs?: number;
  /** Where payloads are encrypted (an EncryptionPool's worker threads, or inline). */
  encrypt?: PayloadEncryptor;
}

/**
 * Encrypts (RFC 8291, aes128gcm, web-push's `encrypt`) and POSTs one message
 * (RFC 8030 §5) over a keep-alive connection to its push service. One undici
 * Pool per origin keeps connections warm between messages (undici costs about
 * half the CPU per request of node:http, measured in the push benchmark);
 * every new connection's address goes through the SSRF guard (guardedLookup).
 */
export class PushSender {
  readonly #pools = new Map<string, Pool>();
  readonly #allowLocal: boolean;
  readonly #ports: ReadonlySet<number>;
  readonly #lookup: ReturnType<typeof guardedLookup>;

  constructor(private readonly options: PushSenderOptions) {
    this.#allowLocal = options.allowLocal ?? localEndpointsAllowed();
    this.#ports = options.ports ?? endpointPorts();
    this.#lookup = guardedLookup(this.#allowLocal, options.resolve ?? systemResolver);
  }

  async send(target: PushTarget, payload: string, options: PushOptions): Promise<PushResponse> {
    let url: URL;
    try {
      url = new URL(target.endpoint);
    } catch {
      return { statusCode: null, error: 'The endpoint is not a URL.' };
    }
    // Sockets skip the lookup (and so guardedLookup) for an address literal, and
    // an endpoint stored before a rule existed was never checked against it: check here.
    const shape = checkEndpointUrl(url, { allowLocal: this.#allowLocal, ports: this.#ports });
    if (!shape.ok) return { statusCode: null, error: shape.reason };
    let cipherText: Buffer;
    try {
      cipherText = await (this.options.encrypt ?? encryptInline)(target.p256dh, target.auth, payload);
    } catch (error) {
      return { statusCode: null, error: `Encryption failed: ${error instanceof Error ? error.message : error}` };
    }
    const headers: Record<string, string> = {
      TTL: String(options.ttlSeconds),
      Urgency: options.urgency,
      'Content-Type': 'application/octet-stream',
      'Content-Encoding': 'aes128gcm',
      Authorization: this.options.signer.authorization(url.origin),
    };
    if (options.topic) headers.Topic = options.topic;
    return this.#post(url, headers, cipherText);
  }

  #pool(url: URL): Pool {
    let pool = this.#pools.get(url.origin);
    if (!pool) {
      const timeout = this.options.timeoutMs ?? 30_000;
      pool = new Pool(url.origin, {
        connections: this.options.maxSocketsPerOrigin ?? 64,
        // Every new connection's address goes through the SSRF guard.
        connect: { lookup: this.#lookup, timeout } as Pool.Options['connect'],
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      this.#pools.set(url.origin, pool);
    }
    return pool;
  }

  async #post(url: URL, headers: Record<string, string>, body: Buffer, retried = false): Promise<PushResponse> {
    try {
      return await answerOf(this.#pool(url), { path: url.pathname + url.search, method: 'POST', headers, body });
    } catch (caught) {
      const error = caught as Error & { code?: string };
      // The push service closed a kept-alive socket as we reused it (a server
      // with a short keep-alive timeout does): send once more on a fresh one.
      // Should the first copy have arrived after all, both carry the same
      // delivery id and the service worker shows it once.
      if (!retried && (error.code === 'UND_ERR_SOCKET' || error.code === 'ECONNRESET')) {
        return this.#post(url, headers, body, true);
      }
      const closed = error.code === 'UND_ERR_SOCKET' || error.code === 'ECONNRESET';
      return {
        statusCode: null,
        error: closed ? 'The push service closed the connection before answering.' : error.message,
      };
    }
  }

  /** Closes the kept-alive connections (tests, shutdown). */
  close(): void {
    for (const pool of this.#pools.values()) void pool.destroy();
    this.#pools.clear();
  }
}

/** How much of a failure's answer body is kept to explain it. */
const answerBodyLimit = 300;

/**
 * One request through undici's dispatcher with a handler of our own, rather
 * than `request()`: that one makes an async resource, a header object and a
 * Readable body stream for every answer, and a push service's answer is a
 * status line, perhaps a Retry-After, and on failure a few words; together
 * about a fifth of a delivery's CPU (docs/perf-push-and-intent.md).
 */
function answerOf(pool: Pool, options: Dispatcher.DispatchOptions): Promise<PushResponse> {
  return new Promise((resolve, reject) => {
    let statusCode = 0;
    let retryAfter: string | undefined;
    const chunks: Buffer[] = [];
    let kept = 0;
    pool.dispatch(options, {
      onConnect() {},
      onHeaders(status: number, rawHeaders: Buffer[]) {
        statusCode = status;
        for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
          const name = rawHeaders[i];
          if (name?.length === 11 && name.toString('latin1').toLowerCase() === 'retry-after') {
            retryAfter = rawHeaders[i + 1]?.toString('latin1');
          }
        }
        return true;
      },
      onData(chunk: Buffer) {
        // A push service's answer body is read only to explain a failure, and then only its start.
        if ((statusCode < 200 || statusCode >= 300) && kept < answerBodyLimit) {
          chunks.push(chunk);
          kept += chunk.length;
        }
        return true;
      },
      onComplete() {
        const ok = statusCode >= 200 && statusCode < 300;
        const retryAfterSeconds = parseRetryAfter(retryAfter);
        const error = ok
          ? undefined
          : cutText(Buffer.concat(chunks).toString('utf8'), answerBodyLimit) || `HTTP ${statusCode}`;
        resolve({
          statusCode,
          ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
          ...(error !== undefined ? { error } : {}),
        });
      },
      onError: reject,
    } as Dispatcher.DispatchHandler);
  });
}

/** Retry-After as seconds (RFC 9110 §10.2.3: delay-seconds or an HTTP date). */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

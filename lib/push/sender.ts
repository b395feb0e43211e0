import 'server-only';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Urgency } from '../contracts/campaign';
import {
  type AddressResolver,
  guardedLookup,
  isPublicAddress,
  localEndpointsAllowed,
  systemResolver,
} from './endpoint-guard';
import { encryptInline, type PayloadEncryptor } from './encryption-pool';
import type { VapidSigner } from './vapid-signer';

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
  timeoutMs?: number;
  /** Where payloads are encrypted (an EncryptionPool's worker threads, or inline). */
  encrypt?: PayloadEncryptor;
}

/**
 * Encrypts (RFC 8291, aes128gcm, web-push's `encrypt`) and POSTs one message
 * (RFC 8030 §5) over a keep-alive connection to its push service. One agent
 * per origin keeps connections warm between messages; every new connection's
 * address goes through the SSRF guard (guardedLookup).
 */
export class PushSender {
  readonly #agents = new Map<string, http.Agent>();
  readonly #allowLocal: boolean;
  readonly #lookup: ReturnType<typeof guardedLookup>;

  constructor(private readonly options: PushSenderOptions) {
    this.#allowLocal = options.allowLocal ?? localEndpointsAllowed();
    this.#lookup = guardedLookup(this.#allowLocal, options.resolve ?? systemResolver);
  }

  async send(target: PushTarget, payload: string, options: PushOptions): Promise<PushResponse> {
    let url: URL;
    try {
      url = new URL(target.endpoint);
    } catch {
      return { statusCode: null, error: 'The endpoint is not a URL.' };
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.#allowLocal)) {
      return { statusCode: null, error: 'The endpoint must use https.' };
    }
    // Sockets skip the lookup (and so guardedLookup) for an address literal: check it here.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!this.#allowLocal && net.isIP(literal) && !isPublicAddress(literal)) {
      return { statusCode: null, error: `${literal} is not a public address.` };
    }
    let cipherText: Buffer;
    try {
      cipherText = await (this.options.encrypt ?? encryptInline)(target.p256dh, target.auth, payload);
    } catch (error) {
      return { statusCode: null, error: `Encryption failed: ${error instanceof Error ? error.message : error}` };
    }
    const headers: http.OutgoingHttpHeaders = {
      TTL: String(options.ttlSeconds),
      Urgency: options.urgency,
      'Content-Type': 'application/octet-stream',
      'Content-Encoding': 'aes128gcm',
      'Content-Length': cipherText.length,
      Authorization: this.options.signer.authorization(url.origin),
    };
    if (options.topic) headers.Topic = options.topic;
    return this.#post(url, headers, cipherText);
  }

  #agent(url: URL): http.Agent {
    let agent = this.#agents.get(url.origin);
    if (!agent) {
      const settings = {
        keepAlive: true,
        maxSockets: this.options.maxSocketsPerOrigin ?? 64,
        lookup: this.#lookup,
      } as http.AgentOptions;
      agent = url.protocol === 'https:' ? new https.Agent(settings) : new http.Agent(settings);
      this.#agents.set(url.origin, agent);
    }
    return agent;
  }

  #post(url: URL, headers: http.OutgoingHttpHeaders, body: Buffer): Promise<PushResponse> {
    const request = url.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve) => {
      const req = request(
        url,
        { method: 'POST', headers, agent: this.#agent(url), timeout: this.options.timeoutMs ?? 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => {
            if (chunks.length < 16) chunks.push(chunk);
          });
          res.on('end', () => {
            const statusCode = res.statusCode ?? null;
            const retryAfterSeconds = parseRetryAfter(res.headers['retry-after']);
            const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
            resolve({
              statusCode,
              ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
              ...(ok ? {} : { error: Buffer.concat(chunks).toString('utf8').slice(0, 300) || `HTTP ${statusCode}` }),
            });
          });
          res.on('error', (error) => resolve({ statusCode: null, error: error.message }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('The push service did not answer in time.')));
      req.on('error', (error) => resolve({ statusCode: null, error: error.message }));
      req.end(body);
    });
  }

  /** Closes the kept-alive connections (tests, shutdown). */
  close(): void {
    for (const agent of this.#agents.values()) agent.destroy();
    this.#agents.clear();
  }
}

/** Retry-After as seconds (RFC 9110 §10.2.3: delay-seconds or an HTTP date). */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

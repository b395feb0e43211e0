import 'server-only';
import webpush from 'web-push';
import type { VapidKeys } from './vapid';

/** VAPID tokens live 12 h (RFC 8292 §2 allows up to 24 h); a new one is signed 1 h before the old expires. */
const lifetimeSeconds = 12 * 60 * 60;
const renewBeforeSeconds = 60 * 60;

/**
 * The `Authorization: vapid t=…, k=…` header per push-service origin (the JWT's
 * audience), signed once and reused until near expiry: an ES256 signature per
 * message would cost more than the encryption itself.
 */
export class VapidSigner {
  readonly #cache = new Map<string, { header: string; expiresAt: number }>();

  constructor(
    private readonly keys: VapidKeys,
    private readonly subject: string,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  authorization(audience: string): string {
    const now = this.nowSeconds();
    const cached = this.#cache.get(audience);
    if (cached && cached.expiresAt - now > renewBeforeSeconds) return cached.header;
    const expiresAt = now + lifetimeSeconds;
    const { Authorization } = webpush.getVapidHeaders(
      audience,
      this.subject,
      this.keys.publicKey,
      this.keys.privateKey,
      'aes128gcm',
      expiresAt,
    );
    this.#cache.set(audience, { header: Authorization, expiresAt });
    return Authorization;
  }

  /** Tokens signed so far (one per origin per renewal): the benchmark and tests read it. */
  get cachedOrigins(): number {
    return this.#cache.size;
  }
}

/** The VAPID `sub`: a contact for the push service's operators (RFC 8292 §2.1). */
export function vapidSubject(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.VAPID_SUBJECT || 'mailto:admin@kairos.invalid';
}

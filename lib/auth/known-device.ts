import 'server-only';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/client';
import { sessionSecret } from './session';

/**
 * A browser the admin has logged in from before carries this cookie: a random
 * id and its HMAC (the session secret, under its own label). It grants no
 * access; it lets that browser's login attempts skip the queue and lockout
 * that strangers' guesses fill (lib/auth/login-gate.ts). Only the login route
 * receives it (Path), and a forged one is just an unknown browser.
 */
export const knownDeviceCookieName = 'kairos_device';
export const knownDeviceCookiePath = '/api/auth/login';
export const knownDeviceLifetimeSeconds = 400 * 24 * 60 * 60;

const sign = (secret: string, id: string) =>
  createHmac('sha256', secret).update(`known-device:${id}`).digest('base64url');

export async function issueKnownDevice(db: Database): Promise<string> {
  const id = randomBytes(18).toString('base64url');
  return `${id}.${sign(await sessionSecret(db), id)}`;
}

/** The device id of a validly signed cookie, else undefined. */
export async function knownDevice(db: Database, cookieValue: string | undefined): Promise<string | undefined> {
  const [id, signature, extra] = (cookieValue ?? '').split('.');
  if (!id || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(await sessionSecret(db), id));
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? id : undefined;
}

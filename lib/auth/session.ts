import 'server-only';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Database } from '../db/client';
import { adminSessions } from '../db/schema';
import { readOrCreateSetting, settingKeys } from '../db/settings';
import { credentialFingerprint } from './admin';

export { sessionCookieName } from './session-cookie';
export const sessionLifetimeSeconds = 12 * 60 * 60;

/**
 * The cookie is `id.signature`: the HMAC turns a forged cookie away without a
 * database read, and the id's hash in admin_sessions makes logout real (a
 * copied cookie dies with the row).
 */
export async function sessionSecret(db: Database): Promise<string> {
  const fromEnv = process.env.KAIROS_SESSION_SECRET;
  if (fromEnv && fromEnv.length >= 32) return fromEnv;
  if (fromEnv) warnOnce('KAIROS_SESSION_SECRET is shorter than 32 characters and is ignored; a stored secret is used.');
  const { value } = await readOrCreateSetting(db, settingKeys.sessionSecret, () =>
    randomBytes(32).toString('base64url'),
  );
  return value;
}

const sign = (secret: string, id: string) => createHmac('sha256', secret).update(id).digest('base64url');
const idHash = (id: string) => createHash('sha256').update(id).digest('base64url');

export async function createSession(db: Database): Promise<{ cookieValue: string; expiresAt: Date }> {
  const id = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + sessionLifetimeSeconds * 1000);
  await db.delete(adminSessions).where(lt(adminSessions.expiresAt, new Date()));
  await db.insert(adminSessions).values({ idHash: idHash(id), expiresAt, credential: await credentialFingerprint(db) });
  return { cookieValue: `${id}.${sign(await sessionSecret(db), id)}`, expiresAt };
}

/** The session id of a valid cookie, or undefined. */
async function validId(db: Database, cookieValue: string | undefined): Promise<string | undefined> {
  if (!cookieValue) return undefined;
  const [id, signature] = cookieValue.split('.');
  if (!id || !signature) return undefined;
  const expected = Buffer.from(sign(await sessionSecret(db), id));
  const actual = Buffer.from(signature);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  return id;
}

export async function verifySession(db: Database, cookieValue: string | undefined): Promise<boolean> {
  const id = await validId(db, cookieValue);
  if (!id) return false;
  const rows = await db
    .select({ idHash: adminSessions.idHash })
    .from(adminSessions)
    .where(
      and(
        eq(adminSessions.idHash, idHash(id)),
        gt(adminSessions.expiresAt, new Date()),
        eq(adminSessions.credential, await credentialFingerprint(db)),
      ),
    );
  return rows.length === 1;
}

export async function deleteSession(db: Database, cookieValue: string | undefined): Promise<void> {
  const id = await validId(db, cookieValue);
  if (id) await db.delete(adminSessions).where(eq(adminSessions.idHash, idHash(id)));
}

let warned = false;
function warnOnce(message: string): void {
  if (!warned) console.warn(`Kairos: ${message}`);
  warned = true;
}

import 'server-only';
import type { Database } from '../db/client';
import { readSetting, settingKeys, writeSetting } from '../db/settings';
import { generatePassword, hashPassword, verifyPassword } from './password';

export type AdminPasswordSource = { source: 'env' } | { source: 'stored' } | { source: 'generated'; password: string };

/** KAIROS_ADMIN_PASSWORD, when set, is the password; nothing is stored for it. */
function envPassword(): string | undefined {
  const value = process.env.KAIROS_ADMIN_PASSWORD;
  return value && value.length > 0 ? value : undefined;
}

/**
 * Makes sure the admin can log in: from the environment, from the stored hash,
 * or with a new generated password that the caller prints once (only its hash is kept).
 */
export async function ensureAdminPassword(db: Database): Promise<AdminPasswordSource> {
  if (envPassword()) return { source: 'env' };
  if (await readSetting<string>(db, settingKeys.adminPasswordHash)) return { source: 'stored' };
  return { source: 'generated', password: await resetAdminPassword(db) };
}

/** Stores the hash of a new password (given, or generated) and returns the password. */
export async function resetAdminPassword(db: Database, password = generatePassword()): Promise<string> {
  if (password.length < 8) throw new Error('The admin password must be at least 8 characters long.');
  await writeSetting(db, settingKeys.adminPasswordHash, await hashPassword(password));
  return password;
}

/**
 * A short fingerprint of the current password (the env value, or the stored
 * hash). Sessions remember it, so changing the password logs everyone out.
 */
export async function credentialFingerprint(db: Database): Promise<string> {
  const { createHash } = await import('node:crypto');
  const fromEnv = envPassword();
  const source = fromEnv
    ? `env:${fromEnv}`
    : `hash:${(await readSetting<string>(db, settingKeys.adminPasswordHash)) ?? ''}`;
  return createHash('sha256').update(source).digest('base64url').slice(0, 22);
}

export async function checkAdminPassword(db: Database, candidate: string): Promise<boolean> {
  const fromEnv = envPassword();
  if (fromEnv) {
    // Hash both sides so the comparison takes the same time whatever the lengths.
    const { createHash, timingSafeEqual } = await import('node:crypto');
    const digest = (s: string) => createHash('sha256').update(s).digest();
    return timingSafeEqual(digest(candidate), digest(fromEnv));
  }
  const stored = await readSetting<string>(db, settingKeys.adminPasswordHash);
  return stored ? verifyPassword(candidate, stored) : false;
}

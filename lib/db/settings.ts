import 'server-only';
import { eq } from 'drizzle-orm';
import type { Database } from './client';
import { settings } from './schema';

/** Keys of the settings table, in one place so a typo is a type error. */
export const settingKeys = {
  adminPasswordHash: 'admin_password_hash',
  sessionSecret: 'session_secret',
  vapidKeys: 'vapid_keys',
  /** The RFM model devices score themselves with (lib/contracts/device-config.ts publishedSettingKeys). */
  publishedRfmModel: 'published_rfm_model',
  /** The BG/NBD model the console published (lib/contracts/device-config.ts IntentModel). */
  publishedIntentModel: 'published_intent_model',
  /** The global holdout (lib/contracts/global-holdout.ts), running or last ended; absent until one starts. */
  globalHoldout: 'global_holdout',
  /** When `npm run demo` set up its story (lib/cli/demo-story.ts); the getting-started panel counts from then. */
  demoStory: 'demo_story',
  /** The global delivery policy (lib/contracts/delivery-policy.ts); absent: the defaults. */
  deliveryPolicy: 'delivery_policy',
} as const;
export type SettingKey = (typeof settingKeys)[keyof typeof settingKeys];

export async function readSetting<T>(db: Database, key: SettingKey): Promise<T | undefined> {
  const rows = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return rows[0]?.value as T | undefined;
}

export async function writeSetting(db: Database, key: SettingKey, value: unknown): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
}

/** Reads a setting, or creates it once with `make()` (first writer wins on a race). */
export async function readOrCreateSetting<T>(
  db: Database,
  key: SettingKey,
  make: () => T,
): Promise<{ value: T; created: boolean }> {
  const existing = await readSetting<T>(db, key);
  if (existing !== undefined) return { value: existing, created: false };
  const inserted = await db
    .insert(settings)
    .values({ key, value: make() })
    .onConflictDoNothing()
    .returning({ value: settings.value });
  if (inserted[0]) return { value: inserted[0].value as T, created: true };
  return { value: (await readSetting<T>(db, key)) as T, created: false };
}

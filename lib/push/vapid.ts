import 'server-only';
import webpush from 'web-push';
import type { Database } from '../db/client';
import { readOrCreateSetting, settingKeys, writeSetting } from '../db/settings';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** Keys from the environment (both set), else the stored pair, else a new pair stored once. */
export async function vapidKeys(db: Database): Promise<VapidKeys & { source: 'env' | 'stored' | 'generated' }> {
  const publicKey = process.env.VAPID_PUBLIC_KEY;
  const privateKey = process.env.VAPID_PRIVATE_KEY;
  if (publicKey && privateKey) return { publicKey, privateKey, source: 'env' };
  if (publicKey || privateKey) {
    throw new Error(
      'Set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither (then keys are generated and stored).',
    );
  }
  const { value, created } = await readOrCreateSetting<VapidKeys>(db, settingKeys.vapidKeys, () =>
    webpush.generateVAPIDKeys(),
  );
  return { ...value, source: created ? 'generated' : 'stored' };
}

/**
 * A new pair replaces the stored one. Browsers subscribed with the old public
 * key must subscribe again (the push service checks the key), so the site's
 * pushsubscriptionchange handling matters after a rotation.
 */
export async function rotateVapidKeys(db: Database): Promise<VapidKeys> {
  const keys = webpush.generateVAPIDKeys();
  await writeSetting(db, settingKeys.vapidKeys, keys);
  return keys;
}

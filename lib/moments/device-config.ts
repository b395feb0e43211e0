// Keeps the published device config (segments, RFM and intent models, moment
// rules) in IndexedDB: fetched with the last ETag so an unchanged config costs
// a 304, validated rule by rule (one bad rule never disables the others).
import type { DeviceConfig } from '../contracts/device-config';
import type { MomentRule } from '../contracts/moment-rule';
import { parseMomentRule } from '../contracts/worker-parsers';
import type { DeviceDatabase } from '../store/database';
import type { DeviceConfigEntry } from '../store/entities';

export type ConfigRefresh = 'updated' | 'unchanged' | 'failed';

/** The rules of a config that pass the contract; the others are dropped (and logged in development). */
export function validRules(config: DeviceConfig): MomentRule[] {
  return config.rules.flatMap((raw) => {
    const rule = parseMomentRule(raw);
    return rule ? [rule] : [];
  });
}

const looksLikeConfig = (value: unknown): value is DeviceConfig => {
  const config = value as Partial<DeviceConfig> | null;
  return typeof config?.version === 'string' && Array.isArray(config.rules) && Array.isArray(config.segments);
};

const samePlace = (a: DeviceConfig['geo'], b: DeviceConfig['geo']) =>
  (a?.country ?? null) === (b?.country ?? null) &&
  (a?.region ?? null) === (b?.region ?? null) &&
  (a?.city ?? null) === (b?.city ?? null);

export async function readDeviceConfig(db: DeviceDatabase): Promise<DeviceConfigEntry | undefined> {
  return db.config.get('current');
}

/** Fetches the config if it changed; a network failure keeps the stored copy (offline is normal). */
export async function refreshDeviceConfig(
  db: DeviceDatabase,
  url: string,
  send: typeof fetch = fetch,
  now = Date.now(),
): Promise<ConfigRefresh> {
  const stored = await readDeviceConfig(db);
  try {
    const response = await send(url, {
      headers: stored?.etag ? { 'If-None-Match': stored.etag } : {},
      credentials: 'omit',
      cache: 'no-cache',
    });
    if (response.status === 304 && stored) {
      await db.config.put({ ...stored, fetchedAt: now });
      return 'unchanged';
    }
    if (!response.ok) return 'failed';
    const config: unknown = await response.json();
    if (!looksLikeConfig(config)) return 'failed';
    // The same published parts and the same place: nothing to store. A new place alone is an update.
    if (stored?.config.version === config.version && samePlace(stored.config.geo, config.geo)) return 'unchanged';
    await db.config.put({ key: 'current', config, etag: response.headers.get('ETag'), fetchedAt: now });
    return 'updated';
  } catch {
    return 'failed';
  }
}

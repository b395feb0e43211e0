import 'server-only';
import { createHash } from 'node:crypto';
import { inArray, isNotNull, or } from 'drizzle-orm';
import type { DeviceConfig, IntentModel, PersonFigures, PublishedSegment } from '../contracts/device-config';
import { publishedSettingKeys } from '../contracts/device-config';
import type { RfmModel } from '../contracts/profile';
import type { SegmentTree } from '../contracts/segment';
import type { Database } from './client';
import { readGlobalHoldout } from './global-holdout';
import { readDeliveryPolicy } from './delivery-policy';
import { liveMomentRules } from './moment-rules';
import { segments, settings } from './schema';

/**
 * What every device receives (GET /api/device/config): published segments, the
 * RFM and intent models and the live moment rules. A segment a live rule names
 * as its precondition travels too, published or not: a device cannot decide
 * membership without the tree. The version is a hash of the content, so it is
 * also the ETag: a device that has it gets a 304.
 */
export async function buildDeviceConfig(db: Database, now = new Date()): Promise<DeviceConfig> {
  const rules = await liveMomentRules(db, now);
  const named = [...new Set(rules.flatMap((rule) => (rule.segmentId === null ? [] : [rule.segmentId])))];
  const segmentRows = await db
    .select({ id: segments.id, name: segments.name, version: segments.version, definition: segments.definition })
    .from(segments)
    .where(
      named.length > 0
        ? or(isNotNull(segments.publishedAt), inArray(segments.id, named))
        : isNotNull(segments.publishedAt),
    )
    .orderBy(segments.id);
  const published: PublishedSegment[] = segmentRows.map((row) => ({
    ...row,
    definition: row.definition as SegmentTree,
  }));
  const stored = new Map(
    (
      await db
        .select({ key: settings.key, value: settings.value })
        .from(settings)
        .where(inArray(settings.key, [publishedSettingKeys.rfmModel, publishedSettingKeys.intentModel]))
    ).map((row) => [row.key, row.value]),
  );
  const content = {
    segments: published,
    rfm: (stored.get(publishedSettingKeys.rfmModel) as RfmModel | undefined) ?? null,
    intent: (stored.get(publishedSettingKeys.intentModel) as IntentModel | undefined) ?? null,
    rules,
    holdout: await readGlobalHoldout(db),
    caps: (await readDeliveryPolicy(db)).caps,
  };
  const version = createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 22);
  return { version, publishedAt: now.toISOString(), ...content };
}

/** The config with a person's figures (docs/people.md#what-devices-see): a version of its own, so the ETag changes with them. */
export function withPersonFigures(config: DeviceConfig, person: PersonFigures): DeviceConfig {
  const version = createHash('sha256')
    .update(`${config.version}\u0000${JSON.stringify(person)}`)
    .digest('base64url')
    .slice(0, 22);
  return { ...config, version, person };
}

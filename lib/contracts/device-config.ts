// What the server publishes for devices (docs/moments.md, docs/console.md): published segments,
// the RFM and intent models a device scores itself with, and the moment rules.
// The service worker fetches it from GET /api/device/config (public, versioned,
// cacheable), keeps it in IndexedDB and refreshes it in the background and on a
// push `{ kind: 'config' }`. Settings keys hold the published parts on the server.
import type { SegmentTree } from './segment';
import type { GlobalHoldout } from './global-holdout';
import type { VisitorGeo } from './geo';
import type { ChannelCaps } from './delivery-policy';
import type { RfmModel, RfmScore } from './profile';
import type { IntentTier } from './segment';

/** A segment the console published for on-device use (its JS-predicate form is this tree). */
export interface PublishedSegment {
  id: number;
  name: string;
  version: number;
  definition: SegmentTree;
}

/**
 * Published BG/NBD model: a device computes its own expected
 * purchases over `horizonDays` from its purchase history and places itself
 * in a tier with the tercile cut points (expected >= high: high, >= medium: medium).
 */
export interface IntentModel {
  version: 1;
  /** Calibration end (epoch ms); a device measures T from its first purchase to now. */
  asOf: number;
  horizonDays: number;
  /** Time unit of the fit, in days (the paper uses weeks: 7). */
  unitDays: number;
  bgnbd: { r: number; alpha: number; a: number; b: number };
  cutPoints: { high: number; medium: number };
}

export interface DeviceConfig {
  /** Changes whenever any published part changes (a content hash); the device skips same-version refreshes. */
  version: string;
  publishedAt: string;
  segments: PublishedSegment[];
  rfm: RfmModel | null;
  intent: IntentModel | null;
  /** Moment rules (lib/contracts/moment-rule.ts); enabled and in date only. */
  rules: unknown[];
  /** The global holdout (lib/contracts/global-holdout.ts): its visitors get no moment either. Absent in older configs. */
  holdout?: GlobalHoldout | null;
  /**
   * A signed-in visitor's figures as a person, over every device's events (docs/people.md#what-devices-see),
   * when the config was asked for with the device's anonymousId; the device's RFM and intent conditions use
   * them instead of its own history. Absent for an anonymous device.
   */
  person?: PersonFigures | null;
  /**
   * Where the device is, from the address of this very request (KAIROS_GEO,
   * docs/geography.md): computed per response, stored nowhere on the server.
   * Moment preconditions with geo conditions read it. Absent: unknown.
   */
  geo?: VisitorGeo | null;
  /**
   * Messages a visitor may receive across every channel (lib/contracts/delivery-policy.ts):
   * a device's moments count its own fires and the server's notifications it showed. Absent in older configs.
   */
  caps?: ChannelCaps | null;
}

/** One person's RFM score and intent tier, computed on the server with the published models. */
export interface PersonFigures {
  userId: string;
  rfm: RfmScore | null;
  intentTier: IntentTier | null;
}

/** Settings keys (lib/db/settings.ts) under which the published parts are stored. */
export const publishedSettingKeys = {
  rfmModel: 'published_rfm_model',
  intentModel: 'published_intent_model',
} as const;

// What the server publishes for devices (docs/moments.md, docs/console.md): published segments,
// the RFM and intent models a device scores itself with, and the moment rules.
// The service worker fetches it from GET /api/device/config (public, versioned,
// cacheable), keeps it in IndexedDB and refreshes it in the background and on a
// push `{ kind: 'config' }`. Settings keys hold the published parts on the server.
import type { SegmentTree } from './segment';
import type { GlobalHoldout } from './global-holdout';
import type { RfmModel } from './profile';
import type { ChannelCaps } from './delivery-policy';

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
   * Messages a visitor may receive across every channel (lib/contracts/delivery-policy.ts):
   * a device's moments count its own fires and the server's notifications it showed. Absent in older configs.
   */
  caps?: ChannelCaps | null;
}

/** Settings keys (lib/db/settings.ts) under which the published parts are stored. */
export const publishedSettingKeys = {
  rfmModel: 'published_rfm_model',
  intentModel: 'published_intent_model',
} as const;

import 'server-only';
// The lake's thresholds, from KAIROS_LAKE_* (docs/operations.md#event-lake). The defaults
// suit one small server: files of a few MB, a tail the console loads in a blink.

export interface LakeSettings {
  /** Background compaction on (KAIROS_LAKE=off turns it off; `kairos compact` and the manifest route still run). */
  background: boolean;
  /** Events stored since the last run that start one (after the debounce). */
  minEvents: number;
  /** Quiet time after ingest before a run, so a burst is compacted once. */
  debounceMs: number;
  /** A run at least this often, for a small tail and queued forgets. */
  intervalMs: number;
  /** A tail above this is compacted before the manifest is served. */
  manifestTail: number;
  /** Events staged per commit: bounds memory, and how much a crash makes a run redo. */
  commitRows: number;
  /** Rows per database read (PGlite answers other requests between reads). */
  readRows: number;
  /** A day folder with more files than this is merged into one. */
  mergeFiles: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function positive(env: Env, name: string, fallback: number): number {
  const value = Number(env[name]);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

export function lakeSettings(env: Env = process.env): LakeSettings {
  return {
    background: env.KAIROS_LAKE !== 'off',
    minEvents: positive(env, 'KAIROS_LAKE_MIN_EVENTS', 10_000),
    debounceMs: positive(env, 'KAIROS_LAKE_DEBOUNCE_SECONDS', 30) * 1000,
    intervalMs: positive(env, 'KAIROS_LAKE_INTERVAL_SECONDS', 900) * 1000,
    manifestTail: positive(env, 'KAIROS_LAKE_MANIFEST_TAIL', 20_000),
    commitRows: positive(env, 'KAIROS_LAKE_COMMIT_ROWS', 250_000),
    readRows: positive(env, 'KAIROS_LAKE_READ_ROWS', 5_000),
    mergeFiles: positive(env, 'KAIROS_LAKE_MERGE_FILES', 8),
  };
}

import 'server-only';
// The global holdout as stored: one settings row, the running one or the last
// ended, checked on the way out so a hand-edited row cannot hold out everyone.
import { randomBytes } from 'node:crypto';
import {
  type GlobalHoldout,
  globalHoldoutSchema,
  type HoldoutInput,
  holdoutInputSchema,
} from '../contracts/global-holdout';
import { holdoutRuns } from '../results/global-holdout';
import type { Database } from './client';
import { readSetting, settingKeys, writeSetting } from './settings';

const dayMs = 86_400_000;

export async function readGlobalHoldout(db: Database): Promise<GlobalHoldout | null> {
  const parsed = globalHoldoutSchema.safeParse(await readSetting(db, settingKeys.globalHoldout));
  return parsed.success ? parsed.data : null;
}

/**
 * Starts a holdout, or changes the running one's share and end (its group
 * keeps its salt: changing the share adds or releases visitors at the edge,
 * never redraws everyone).
 */
export async function startGlobalHoldout(db: Database, input: HoldoutInput, now = Date.now()): Promise<GlobalHoldout> {
  const { share, days } = holdoutInputSchema.parse(input);
  const running = await readGlobalHoldout(db);
  const keep = holdoutRuns(running, now) ? running : null;
  const startedAt = keep?.startedAt ?? now;
  const holdout: GlobalHoldout = {
    share,
    salt: keep?.salt ?? randomBytes(12).toString('base64url'),
    startedAt,
    endsAt: days === null ? null : startedAt + days * dayMs,
  };
  await writeSetting(db, settingKeys.globalHoldout, holdout);
  return holdout;
}

/** Ends the running holdout now; null when none runs. */
export async function endGlobalHoldout(db: Database, now = Date.now()): Promise<GlobalHoldout | null> {
  const running = await readGlobalHoldout(db);
  if (!running || !holdoutRuns(running, now)) return null;
  const ended = { ...running, endsAt: now };
  await writeSetting(db, settingKeys.globalHoldout, ended);
  return ended;
}

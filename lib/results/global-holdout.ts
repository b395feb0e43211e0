// Whether a visitor is in the global holdout (lib/contracts/global-holdout.ts)
// at a time: the holdout runs then and the visitor's draw falls under its
// share. Pure, so the server's sends and a device's moments decide alike.
import type { GlobalHoldout } from '../contracts/global-holdout';
import { uniformDraw } from './arm-assignment';

export const holdoutRuns = (holdout: GlobalHoldout | null | undefined, at: number): boolean =>
  !!holdout && holdout.share > 0 && holdout.startedAt <= at && (holdout.endsAt === null || at < holdout.endsAt);

export function inGlobalHoldout(holdout: GlobalHoldout | null | undefined, anonymousId: string, at: number): boolean {
  if (!holdout || !holdoutRuns(holdout, at)) return false;
  return uniformDraw(`holdout\u0000${holdout.salt}\u0000${anonymousId}`) < holdout.share;
}

// Whether a moment that fired is held out from this visitor: by the global
// holdout (no campaign and no moment reaches its visitors), or by the rule's
// own holdout share. Both are stable hashes of the visitor's id (the rule's
// with the rule's id), so a visitor stays in one group of a rule for as long as
// its share stands, on every device their id is on, and the server computes
// the same groups (lib/results/global-holdout.ts).
import type { GlobalHoldout } from '../contracts/global-holdout';
import type { MomentRule } from '../contracts/moment-rule';
import { uniformDraw } from './arm-assignment';
import { inGlobalHoldout } from './global-holdout';

export function momentHeldOut(
  rule: Pick<MomentRule, 'id' | 'holdoutShare'>,
  holdout: GlobalHoldout | null,
  anonymousId: string | null,
  at: number,
): 'global' | 'rule' | null {
  // Nobody to attribute a holdout to (no page of the site has tracked yet): the moment shows.
  if (anonymousId === null) return null;
  if (inGlobalHoldout(holdout, anonymousId, at)) return 'global';
  if (rule.holdoutShare > 0 && uniformDraw(`moment\u0000${rule.id}\u0000${anonymousId}`) < rule.holdoutShare) {
    return 'rule';
  }
  return null;
}

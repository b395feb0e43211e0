// The delivery-policy fields of a campaign or automation as typed
// (docs/delivery-policy.md): when each visitor's copy is due, a rate of its
// own, and whether it is important (the engagement guard lets it through).
import { type CampaignPolicy, localTimeSchema, type TimeMode } from '@/lib/contracts/delivery-policy';

export interface PolicyDraft {
  timeMode: TimeMode;
  /** "HH:MM", for a send at a local time (and best time's fallback). */
  localTime: string;
  /** Messages a minute, as typed; empty: no rate of its own. */
  perMinute: string;
  important: boolean;
}

export const emptyPolicyDraft: PolicyDraft = { timeMode: 'now', localTime: '10:00', perMinute: '', important: false };

export function checkPolicyDraft(
  draft: PolicyDraft,
): { ok: true; policy: CampaignPolicy } | { ok: false; problem: string } {
  const local = draft.localTime.trim();
  if (draft.timeMode === 'localTime' && !localTimeSchema.safeParse(local).success) {
    return { ok: false, problem: 'Give the local time as HH:MM, 00:00 to 23:59.' };
  }
  const rate = draft.perMinute.trim();
  const perMinute = rate === '' ? null : Number(rate);
  if (perMinute !== null && (!Number.isInteger(perMinute) || perMinute < 1 || perMinute > 1_000_000)) {
    return { ok: false, problem: 'Messages a minute is a whole number from 1 to 1,000,000, or empty for no limit.' };
  }
  return {
    ok: true,
    policy: {
      timeMode: draft.timeMode,
      localTime: draft.timeMode === 'now' || !localTimeSchema.safeParse(local).success ? null : local,
      perMinute,
      important: draft.important,
    },
  };
}

export const policyDraftOf = (policy: CampaignPolicy): PolicyDraft => ({
  timeMode: policy.timeMode,
  localTime: policy.localTime ?? '10:00',
  perMinute: policy.perMinute === null ? '' : String(policy.perMinute),
  important: policy.important,
});

/** One line for the list and the details: "at 10:00 in each visitor's zone", "best time", "as sent". */
export function timeModeText(policy: Pick<CampaignPolicy, 'timeMode' | 'localTime'>): string {
  if (policy.timeMode === 'localTime') return `at ${policy.localTime ?? '?'} in each visitor’s zone`;
  if (policy.timeMode === 'bestTime')
    return `each visitor’s best time${policy.localTime ? ` (else ${policy.localTime})` : ''}`;
  return 'as sent';
}

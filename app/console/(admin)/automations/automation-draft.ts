// The create form's state and its request (lib/contracts/automation.ts): plain
// functions, so what the form sends is tested without a browser.
import type { CreateAutomation, EventMatch } from '@/lib/contracts/automation';
import type { SegmentTree } from '@/lib/contracts/segment';
import { checkPolicyDraft, emptyPolicyDraft, type PolicyDraft } from '../campaigns/policy-draft';

export type TriggerChoice = 'event' | 'enter' | 'exit' | 'recurring';
type Group = { all: SegmentTree[] } | { any: SegmentTree[] };

export interface AutomationDraft {
  name: string;
  trigger: TriggerChoice;
  eventName: string;
  /** Optional: "unless they do this within …" (an abandoned cart's order). */
  unlessEvent: string;
  unlessMinutes: number;
  /** A saved segment's id, or 'conditions' for the builder's tree. */
  segment: number | 'conditions';
  conditions: Group;
  everyMinutes: number;
  every: 'day' | 'weekday' | 'month';
  at: string;
  dayOfMonth: number;
  timeZone: string;
  delayMinutes: number;
  exitEvent: string;
  /** 0: once per visitor. */
  reentryAfterDays: number;
  /** yyyy-mm-dd, or '' for none. */
  endsOn: string;
  title: string;
  body: string;
  url: string;
  /** The delivery policy's fields (docs/delivery-policy.md). */
  policy: PolicyDraft;
}

export const emptyDraft = (timeZone = 'UTC'): AutomationDraft => ({
  name: '',
  trigger: 'event',
  eventName: '',
  unlessEvent: '',
  unlessMinutes: 60,
  segment: 'conditions',
  conditions: { all: [] },
  everyMinutes: 60,
  every: 'day',
  at: '10:00',
  dayOfMonth: 1,
  timeZone,
  delayMinutes: 0,
  exitEvent: '',
  reentryAfterDays: 0,
  endsOn: '',
  title: '',
  body: '',
  url: '',
  policy: emptyPolicyDraft,
});

const match = (name: string): EventMatch => ({ name: name.trim(), where: [] });

function triggerOf(draft: AutomationDraft): CreateAutomation['trigger'] {
  const source = draft.segment === 'conditions' ? { definition: draft.conditions } : { segmentId: draft.segment };
  switch (draft.trigger) {
    case 'event':
      return {
        kind: 'event',
        event: match(draft.eventName),
        ...(draft.unlessEvent.trim()
          ? { unless: { event: match(draft.unlessEvent), withinMinutes: draft.unlessMinutes } }
          : {}),
      };
    case 'enter':
    case 'exit':
      return { kind: 'segment', on: draft.trigger, everyMinutes: draft.everyMinutes, ...source };
    case 'recurring':
      return {
        kind: 'recurring',
        schedule: {
          every: draft.every,
          at: draft.at,
          timeZone: draft.timeZone,
          ...(draft.every === 'month' ? { dayOfMonth: draft.dayOfMonth } : {}),
        },
        ...source,
      };
  }
}

/** The request the form sends; the server validates it and answers what is wrong. */
export function automationRequest(draft: AutomationDraft): CreateAutomation {
  const policy = checkPolicyDraft(draft.policy);
  if (!policy.ok) throw new Error(policy.problem);
  return {
    ...policy.policy,
    name: draft.name.trim(),
    trigger: triggerOf(draft),
    delayMinutes: draft.delayMinutes,
    exitEvent: draft.exitEvent.trim() ? match(draft.exitEvent) : null,
    reentryAfterDays: draft.reentryAfterDays > 0 ? draft.reentryAfterDays : null,
    // The end of that day in the marketer's time zone would need the zone's offset; the day's end in UTC is documented.
    endsAt: draft.endsOn ? `${draft.endsOn}T23:59:59Z` : null,
    message: { title: draft.title.trim(), body: draft.body, ...(draft.url.trim() ? { url: draft.url.trim() } : {}) },
  };
}

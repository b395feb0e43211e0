// The composer's form values, and the campaign they make. Everything is kept
// as the text the marketer typed; checking and conversion happen here, once.
import { cutText } from '@/lib/contracts/text';
import {
  type CampaignListItem,
  type CampaignMessage,
  type CreateCampaign,
  type TestMessageRequest,
  campaignLimits,
  defaultControlShare,
  type StagedSend,
  type StageMetric,
  stagedSendSchema,
  topicSchema,
  type Urgency,
} from '@/lib/contracts/campaign';
import { checkPolicyDraft, emptyPolicyDraft, type PolicyDraft, policyDraftOf } from './policy-draft';

export interface ActionDraft {
  title: string;
  url: string;
}

/** Variants B to D differ from A in wording only: the links, images and buttons are A's. */
export interface VariantDraft {
  title: string;
  body: string;
}

export interface CampaignDraft {
  name: string;
  title: string;
  body: string;
  url: string;
  icon: string;
  image: string;
  actions: [ActionDraft, ActionDraft];
  /** Variants B to D (A is the message above). */
  variants: VariantDraft[];
  /** The control share in percent, as typed. */
  controlPercent: string;
  /** A staged send: the variants to a test share first, the winner to the rest after the wait. */
  staged: boolean;
  testPercent: string;
  waitHours: string;
  stageMetric: StageMetric;
  segmentId: string;
  when: 'now' | 'later';
  /** A datetime-local value, in the marketer's time zone. */
  scheduledAt: string;
  ttlHours: string;
  urgency: Urgency;
  topic: string;
  /** The delivery policy's fields: time mode, rate, important (docs/delivery-policy.md). */
  policy: PolicyDraft;
}

/** The staged-send fields of a campaign's settings, or the defaults (unticked) for none. */
function stageDraft(
  staged: StagedSend | null,
): Pick<CampaignDraft, 'staged' | 'testPercent' | 'waitHours' | 'stageMetric'> {
  const settings = staged ?? stagedSendSchema.parse({});
  return {
    staged: staged !== null,
    testPercent: String(Math.round(settings.testShare * 1000) / 10),
    waitHours: String(settings.waitHours),
    stageMetric: settings.metric,
  };
}

/** The staged send the fields describe, or the first thing to fix. */
function checkStage(
  draft: CampaignDraft,
): { ok: true; stagedSend: StagedSend | null } | { ok: false; problem: string } {
  if (!draft.staged || draft.variants.length === 0) return { ok: true, stagedSend: null };
  const testPercent = Number(draft.testPercent);
  if (draft.testPercent.trim() === '' || !Number.isFinite(testPercent) || testPercent < 5 || testPercent > 50) {
    return { ok: false, problem: 'The test share of a staged send is 5 to 50% of the audience.' };
  }
  const waitHours = Number(draft.waitHours);
  if (!Number.isInteger(waitHours) || waitHours < 1 || waitHours > 168) {
    return { ok: false, problem: 'A staged send waits 1 to 168 whole hours before it picks the winner.' };
  }
  return { ok: true, stagedSend: { testShare: testPercent / 100, waitHours, metric: draft.stageMetric } };
}

export const emptyDraft: CampaignDraft = {
  name: '',
  title: '',
  body: '',
  url: '',
  icon: '/icons/icon-192.png',
  image: '',
  actions: [
    { title: '', url: '' },
    { title: '', url: '' },
  ],
  variants: [],
  controlPercent: String(defaultControlShare * 100),
  ...stageDraft(null),
  segmentId: '',
  when: 'now',
  scheduledAt: '',
  ttlHours: '24',
  urgency: 'normal',
  topic: '',
  policy: emptyPolicyDraft,
};

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

/** The notification as the marketer wrote it (placeholders not yet filled). */
export function draftMessage(draft: CampaignDraft): CampaignMessage {
  const actions = draft.actions.flatMap((action, index) =>
    action.title.trim()
      ? [
          {
            action: `action-${index + 1}`,
            title: action.title.trim(),
            ...(optional(action.url) ? { url: action.url.trim() } : {}),
          },
        ]
      : [],
  );
  const url = optional(draft.url);
  const icon = optional(draft.icon);
  const image = optional(draft.image);
  return {
    title: draft.title.trim(),
    body: draft.body,
    ...(url ? { url } : {}),
    ...(icon ? { icon } : {}),
    ...(image ? { image } : {}),
    ...(actions.length ? { actions } : {}),
  };
}

export type DraftCheck = { ok: true; campaign: CreateCampaign } | { ok: false; problem: string };

export const noNameProblem = 'Give the campaign a name.';

/** The notification and how the push service treats it: everything but the audience and the time. */
export type Delivery = Required<Omit<TestMessageRequest, 'anonymousId'>>;

/** The message and its delivery options, or the first thing to fix: all a test send needs. */
function checkMessage(draft: CampaignDraft): { ok: true; delivery: Delivery } | { ok: false; problem: string } {
  if (!draft.title.trim()) return { ok: false, problem: 'The notification needs a title.' };
  const ttlHours = Number(draft.ttlHours);
  if (!Number.isFinite(ttlHours) || ttlHours < 0 || ttlHours > 28 * 24) {
    return { ok: false, problem: 'Time to live is 0 to 672 hours (28 days).' };
  }
  const topic = optional(draft.topic);
  if (topic && !topicSchema.safeParse(topic).success) {
    return { ok: false, problem: 'A topic is 1 to 32 letters, digits, "-" or "_".' };
  }
  return {
    ok: true,
    delivery: {
      message: draftMessage(draft),
      ttlSeconds: Math.round(ttlHours * 3600),
      urgency: draft.urgency,
      topic: topic ?? null,
    },
  };
}

/**
 * What a test send of the form as it is delivers. A test needs no name, segment
 * or time: like OneSignal's and Braze's, it sends the unsaved message and
 * stores nothing.
 */
export function checkTestMessage(draft: CampaignDraft): { ok: true; test: Delivery } | { ok: false; problem: string } {
  const checked = checkMessage(draft);
  return checked.ok ? { ok: true, test: checked.delivery } : checked;
}

/** Variant B, C, D as messages: A's message in their own words. */
export function draftVariants(draft: CampaignDraft): CampaignMessage[] {
  const a = draftMessage(draft);
  return draft.variants.map((variant) => ({ ...a, title: variant.title.trim(), body: variant.body }));
}

/** The campaign to save, or the first thing to fix (the server checks again). */
export function checkDraft(draft: CampaignDraft, now = Date.now()): DraftCheck {
  if (!draft.name.trim()) return { ok: false, problem: noNameProblem };
  const checked = checkMessage(draft);
  if (!checked.ok) return checked;
  const variants = draftVariants(draft);
  const untitled = variants.findIndex((variant) => !variant.title);
  if (untitled >= 0) return { ok: false, problem: `Variant ${String.fromCharCode(66 + untitled)} needs a title.` };
  const controlPercent = Number(draft.controlPercent);
  const maxPercent = campaignLimits.maxControlShare * 100;
  if (
    draft.controlPercent.trim() === '' ||
    !Number.isFinite(controlPercent) ||
    controlPercent < 0 ||
    controlPercent > maxPercent
  ) {
    return { ok: false, problem: `The control group is 0 to ${maxPercent}% of the audience.` };
  }
  const stage = checkStage(draft);
  if (!stage.ok) return stage;
  let scheduledAt: string | null = null;
  if (draft.when === 'later') {
    const at = new Date(draft.scheduledAt).getTime();
    if (!Number.isFinite(at)) return { ok: false, problem: 'Choose when to send.' };
    if (at <= now) return { ok: false, problem: 'The send time is in the past.' };
    scheduledAt = new Date(at).toISOString();
  }
  const segmentId = draft.segmentId ? Number(draft.segmentId) : null;
  const policy = checkPolicyDraft(draft.policy);
  if (!policy.ok) return policy;
  return {
    ok: true,
    campaign: {
      name: draft.name.trim(),
      ...checked.delivery,
      variants,
      controlShare: controlPercent / 100,
      stagedSend: stage.stagedSend,
      segmentId,
      scheduledAt,
      ...policy.policy,
    },
  };
}

/** A datetime-local value ("2026-11-23T19:30") for an instant, in this browser's time zone. */
export function localDateTimeValue(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** A saved campaign back in the composer's form (to edit a draft, or to start from a copy). */
export function draftOf(campaign: CampaignListItem): CampaignDraft {
  const { message } = campaign;
  const action = (index: number): ActionDraft => ({
    title: message.actions?.[index]?.title ?? '',
    url: message.actions?.[index]?.url ?? '',
  });
  return {
    name: campaign.name,
    title: message.title,
    body: message.body ?? '',
    url: message.url ?? '',
    icon: message.icon ?? '',
    image: message.image ?? '',
    actions: [action(0), action(1)],
    variants: campaign.variants.map((variant) => ({ title: variant.title, body: variant.body ?? '' })),
    controlPercent: String(Math.round(campaign.controlShare * 1000) / 10),
    ...stageDraft(campaign.stagedSend),
    segmentId: campaign.segmentId === null ? '' : String(campaign.segmentId),
    when: campaign.scheduledAt ? 'later' : 'now',
    scheduledAt: campaign.scheduledAt ? localDateTimeValue(campaign.scheduledAt) : '',
    ttlHours: String(Math.round((campaign.ttlSeconds / 3600) * 100) / 100),
    urgency: campaign.urgency,
    topic: campaign.topic ?? '',
    policy: policyDraftOf(campaign),
  };
}

/**
 * A new draft with everything of the campaign but its send time and history:
 * how a sent campaign is sent again (what went out stays as it was).
 */
export function duplicateOf(campaign: CampaignListItem): CreateCampaign {
  return {
    name: `${cutText(campaign.name, 113)} (copy)`,
    message: campaign.message,
    variants: campaign.variants,
    controlShare: campaign.controlShare,
    stagedSend: campaign.stagedSend,
    segmentId: campaign.segmentId,
    scheduledAt: null,
    ttlSeconds: campaign.ttlSeconds,
    urgency: campaign.urgency,
    topic: campaign.topic,
    timeMode: campaign.timeMode,
    localTime: campaign.localTime,
    perMinute: campaign.perMinute,
    important: campaign.important,
  };
}

/** Trait names the message's placeholders use (`{{first_name|there}}` → first_name), for the preview. */
export function placeholderTraits(message: CampaignMessage): string[] {
  const texts = [message.title, message.body, message.url ?? '', ...(message.actions ?? []).map((a) => a.title)];
  const names = new Set<string>();
  for (const text of texts)
    for (const match of text.matchAll(/\{\{\s*([A-Za-z0-9_.$-]{1,100})/g)) names.add(match[1] ?? '');
  names.delete('');
  return [...names];
}

/** Traits placed without a fallback (`{{first_name}}`): a visitor without the trait gets an empty gap. */
export function traitsWithoutFallback(message: CampaignMessage): string[] {
  const texts = [message.title, message.body, message.url ?? '', ...(message.actions ?? []).map((a) => a.title)];
  const names = new Set<string>();
  for (const text of texts)
    for (const match of text.matchAll(/\{\{\s*([A-Za-z0-9_.$-]{1,100})\s*\}\}/g)) names.add(match[1] ?? '');
  return [...names];
}

// The composer's form values, and the campaign they make. Everything is kept
// as the text the marketer typed; checking and conversion happen here, once.
import { type CampaignMessage, type CreateCampaign, topicSchema, type Urgency } from '@/lib/contracts/campaign';

export interface ActionDraft {
  title: string;
  url: string;
}

export interface CampaignDraft {
  name: string;
  title: string;
  body: string;
  url: string;
  icon: string;
  image: string;
  actions: [ActionDraft, ActionDraft];
  segmentId: string;
  when: 'now' | 'later';
  /** A datetime-local value, in the marketer's time zone. */
  scheduledAt: string;
  ttlHours: string;
  urgency: Urgency;
  topic: string;
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
  segmentId: '',
  when: 'now',
  scheduledAt: '',
  ttlHours: '24',
  urgency: 'normal',
  topic: '',
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

/** The campaign to save, or the first thing to fix (the server checks again). */
export function checkDraft(draft: CampaignDraft, now = Date.now()): DraftCheck {
  if (!draft.name.trim()) return { ok: false, problem: noNameProblem };
  if (!draft.title.trim()) return { ok: false, problem: 'The notification needs a title.' };
  const ttlHours = Number(draft.ttlHours);
  if (!Number.isFinite(ttlHours) || ttlHours < 0 || ttlHours > 28 * 24) {
    return { ok: false, problem: 'Time to live is 0 to 672 hours (28 days).' };
  }
  const topic = optional(draft.topic);
  if (topic && !topicSchema.safeParse(topic).success) {
    return { ok: false, problem: 'A topic is 1 to 32 letters, digits, "-" or "_".' };
  }
  let scheduledAt: string | null = null;
  if (draft.when === 'later') {
    const at = new Date(draft.scheduledAt).getTime();
    if (!Number.isFinite(at)) return { ok: false, problem: 'Choose when to send.' };
    if (at <= now) return { ok: false, problem: 'The send time is in the past.' };
    scheduledAt = new Date(at).toISOString();
  }
  const segmentId = draft.segmentId ? Number(draft.segmentId) : null;
  return {
    ok: true,
    campaign: {
      name: draft.name.trim(),
      message: draftMessage(draft),
      segmentId,
      scheduledAt,
      ttlSeconds: Math.round(ttlHours * 3600),
      urgency: draft.urgency,
      topic: topic ?? null,
    },
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

// The editor's form state and its conversion to and from the rule format.
// Keyword lists are typed as comma-separated text; an entry with a space is a phrase.
import type { MomentRule, MomentRuleInput, MomentTrigger } from '@/lib/contracts/moment-rule';
import { defaultSearchParameters } from '@/lib/contracts/event-names';

export interface SetForm {
  name: string;
  words: string;
  require: 'any' | 'all';
}

export interface RuleForm {
  name: string;
  enabled: boolean;
  trigger: MomentTrigger['kind'];
  parameters: string;
  pathPatterns: string;
  categories: string;
  afterMinutes: string;
  sets: SetForm[];
  combine: 'any' | 'all';
  exclude: string;
  maxEdits: string;
  segmentId: string;
  title: string;
  body: string;
  url: string;
  icon: string;
  capCount: string;
  capHours: string;
  cooldownMinutes: string;
  /** Percent of matching visitors held out (0–50). */
  holdoutPercent: string;
  globalDailyCap: string;
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  priority: string;
  startsAt: string;
  endsAt: string;
}

const list = (text: string) =>
  text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

/** `datetime-local` works in the marketer's local time; the rule stores ISO instants. */
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : null);

export function formFromRule(rule: MomentRule | null): RuleForm {
  const trigger = rule?.trigger;
  return {
    name: rule?.name ?? '',
    enabled: rule?.enabled ?? true,
    trigger: trigger?.kind ?? 'search',
    parameters: (trigger?.kind === 'search' ? trigger.parameters : defaultSearchParameters).join(', '),
    pathPatterns: trigger?.kind === 'search' ? trigger.pathPatterns.join(', ') : '',
    categories: trigger && 'categories' in trigger ? trigger.categories.join(', ') : '',
    afterMinutes: trigger?.kind === 'cartAbandoned' ? String(trigger.afterMinutes) : '30',
    sets: rule?.match?.sets.map((set) => ({
      name: set.name,
      words: [...set.terms, ...set.phrases].join(', '),
      require: set.require,
    })) ?? [{ name: '', words: '', require: 'any' }],
    combine: rule?.match?.combine ?? 'any',
    exclude: rule?.match?.exclude.join(', ') ?? '',
    maxEdits: String(rule?.match?.maxEdits ?? 1),
    segmentId: rule?.segmentId ? String(rule.segmentId) : '',
    title: rule?.message.title ?? '',
    body: rule?.message.body ?? '',
    url: rule?.message.url ?? '/',
    icon: rule?.message.icon ?? '',
    capCount: String(rule?.frequencyCap.count ?? 1),
    capHours: String(rule?.frequencyCap.periodHours ?? 24),
    cooldownMinutes: String(rule?.cooldownMinutes ?? 60),
    holdoutPercent: String(Math.round((rule?.holdoutShare ?? 0.1) * 100)),
    globalDailyCap: String(rule?.globalDailyCap ?? 3),
    quiet: Boolean(rule?.quietHours),
    quietStart: String(rule?.quietHours?.startHour ?? 22),
    quietEnd: String(rule?.quietHours?.endHour ?? 8),
    priority: String(rule?.priority ?? 100),
    startsAt: toLocalInput(rule?.startsAt ?? null),
    endsAt: toLocalInput(rule?.endsAt ?? null),
  };
}

function triggerFromForm(form: RuleForm): MomentRuleInput['trigger'] {
  switch (form.trigger) {
    case 'search':
      return { kind: 'search', parameters: list(form.parameters), pathPatterns: list(form.pathPatterns) };
    case 'productView':
    case 'categoryView':
      return { kind: form.trigger, categories: list(form.categories) };
    case 'cartAbandoned':
      return { kind: 'cartAbandoned', afterMinutes: Number(form.afterMinutes) };
  }
}

export function matchFromForm(form: RuleForm): MomentRuleInput['match'] {
  const sets = form.sets
    .map((set) => {
      const words = list(set.words);
      return {
        name: set.name.trim(),
        terms: words.filter((word) => !/\s/.test(word)),
        phrases: words.filter((word) => /\s/.test(word)),
        require: set.require,
      };
    })
    .filter((set) => set.terms.length + set.phrases.length > 0);
  if (sets.length === 0) return null;
  return { sets, combine: form.combine, exclude: list(form.exclude), maxEdits: Number(form.maxEdits) };
}

export function inputFromForm(form: RuleForm): MomentRuleInput {
  return {
    name: form.name,
    enabled: form.enabled,
    trigger: triggerFromForm(form),
    match: matchFromForm(form),
    segmentId: form.segmentId ? Number(form.segmentId) : null,
    message: { title: form.title, body: form.body, url: form.url, ...(form.icon ? { icon: form.icon } : {}) },
    frequencyCap: { count: Number(form.capCount), periodHours: Number(form.capHours) },
    cooldownMinutes: Number(form.cooldownMinutes),
    holdoutShare: Number(form.holdoutPercent) / 100,
    globalDailyCap: Number(form.globalDailyCap),
    quietHours: form.quiet ? { startHour: Number(form.quietStart), endHour: Number(form.quietEnd) } : null,
    priority: Number(form.priority),
    startsAt: fromLocalInput(form.startsAt),
    endsAt: fromLocalInput(form.endsAt),
  };
}

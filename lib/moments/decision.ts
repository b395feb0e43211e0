// The decision for one moment: which rule fires, and why every other matching
// rule stays silent. Pure: the service worker passes in its rules, its
// decision log, the clock, the visitor's time zone and a segment oracle, and
// writes down what comes out. Checks run in a fixed order so the logged reason
// is predictable: dates, quiet hours, segment, cooldown, the rule's cap, the
// daily cap across rules, the cross-channel caps (lib/delivery-policy/frequency-cap.ts).
import type { MomentRule, MomentSkipReason, MomentTriggerKind } from '../contracts/moment-rule';
import { localClock, inQuietHours } from './local-time';
import { compileMatch, matchQuery, type CompiledMatch, type MatchResult } from '../matching/matcher';
import { searchQueryFromUrl } from './search-url';
import { fillMessage, type FilledMessage } from './template';
import type { ChannelCaps } from '../contracts/delivery-policy';
import { capReached } from '../delivery-policy/frequency-cap';

/** Something the visitor just did that a rule may answer. */
export type Moment =
  | { kind: 'search'; source: 'url'; url: URL }
  | { kind: 'search'; source: 'searchBox'; text: string }
  | { kind: 'productView'; text: string; category?: string }
  | { kind: 'categoryView'; category: string }
  | { kind: 'cartAbandoned' };

/** One line of the device's decision log: never the query itself. */
export interface MomentDecision {
  at: number;
  ruleId: number | null;
  ruleVersion: number | null;
  trigger: MomentTriggerKind;
  outcome: 'fired' | 'skipped';
  reason?: MomentSkipReason;
  /**
   * A fire the holdout kept from this visitor (lib/results/moment-holdout.ts):
   * nothing was shown, but caps and cooldowns count it like a shown one, so the
   * held-out and the shown groups stay comparable.
   */
  heldOut?: 'rule' | 'global';
}

export interface CompiledRule {
  rule: MomentRule;
  match: CompiledMatch | null;
}

/** Compiled once per published config: keyword sets are normalised ahead of any query. */
export const compileRules = (rules: readonly MomentRule[]): CompiledRule[] =>
  rules
    .map((rule) => ({ rule, match: rule.match ? compileMatch(rule.match) : null }))
    .sort((a, b) => b.rule.priority - a.rule.priority || a.rule.id - b.rule.id);

export interface DecisionInput {
  rules: readonly CompiledRule[];
  moment: Moment;
  now: number;
  timeZone: string;
  /** Earlier decisions (only fires count; older than a year may be dropped). */
  log: readonly MomentDecision[];
  /** Whether the visitor is in a published segment (asked only for rules that need it). */
  inSegment: (segmentId: number) => boolean;
  /** The published cross-channel caps (DeviceConfig.caps): every message the visitor receives counts. */
  caps?: ChannelCaps | null | undefined;
  /** When this device showed the server's notifications (campaigns, automations): they count against the caps. */
  shown?: readonly number[];
}

export interface DecisionResult {
  fired?: { rule: MomentRule; message: FilledMessage; match: MatchResult | null; query: string };
  /** One record per rule that matched, or a single `noMatch` when a moment matched none. */
  decisions: MomentDecision[];
}

/** The text a rule reads from the moment, or undefined when the rule does not watch this kind of moment. */
function momentText(rule: MomentRule, moment: Moment): string | undefined {
  const trigger = rule.trigger;
  if (trigger.kind !== moment.kind) return undefined;
  switch (moment.kind) {
    case 'search':
      if (trigger.kind !== 'search' || !trigger.sources.includes(moment.source)) return undefined;
      return moment.source === 'url' ? searchQueryFromUrl(moment.url, trigger) : moment.text.trim() || undefined;
    case 'productView':
    case 'categoryView': {
      const category = moment.category ?? '';
      const wanted = 'categories' in trigger ? trigger.categories : [];
      if (wanted.length > 0 && !wanted.some((name) => name.toLowerCase() === category.toLowerCase())) return undefined;
      return moment.kind === 'productView' ? moment.text : moment.category;
    }
    case 'cartAbandoned':
      return '';
  }
}

const hourMs = 3_600_000;

export function decide({
  rules,
  moment,
  now,
  timeZone,
  log,
  inSegment,
  caps,
  shown = [],
}: DecisionInput): DecisionResult {
  const clock = localClock(now, timeZone);
  const fires = log.filter((entry) => entry.outcome === 'fired');
  const channelCapped = capReached([...fires.map((entry) => entry.at), ...shown], now, caps);
  const firedToday = fires.filter((entry) => localClock(entry.at, timeZone).day === clock.day).length;
  const decisions: MomentDecision[] = [];
  let fired: DecisionResult['fired'];
  let watched = false;

  for (const { rule, match } of rules) {
    if (!rule.enabled) continue;
    const text = momentText(rule, moment);
    if (text === undefined) continue;
    watched = true;
    // Product and category views match against the name and the category together.
    const matchText = moment.kind === 'productView' ? `${text} ${moment.category ?? ''}` : text;
    const result = match ? matchQuery(match, matchText) : null;
    if (result && !result.matched) continue;
    const record = (outcome: MomentDecision['outcome'], reason?: MomentSkipReason) =>
      decisions.push({
        at: now,
        ruleId: rule.id,
        ruleVersion: rule.version,
        trigger: moment.kind,
        outcome,
        ...(reason ? { reason } : {}),
      });
    const reason =
      skipReason(rule, now, clock.hour, fires, firedToday, inSegment) ?? (channelCapped ? 'channelCap' : undefined);
    if (reason) record('skipped', reason);
    else if (fired) record('skipped', 'outranked');
    else {
      record('fired');
      fired = { rule, message: fillMessage(rule.message, text), match: result, query: text };
    }
  }
  if (watched && decisions.length === 0) {
    decisions.push({
      at: now,
      ruleId: null,
      ruleVersion: null,
      trigger: moment.kind,
      outcome: 'skipped',
      reason: 'noMatch',
    });
  }
  return { ...(fired ? { fired } : {}), decisions };
}

function skipReason(
  rule: MomentRule,
  now: number,
  hour: number,
  fires: readonly MomentDecision[],
  firedToday: number,
  inSegment: (segmentId: number) => boolean,
): MomentSkipReason | undefined {
  if ((rule.startsAt && now < Date.parse(rule.startsAt)) || (rule.endsAt && now >= Date.parse(rule.endsAt))) {
    return 'expired';
  }
  if (inQuietHours(hour, rule.quietHours)) return 'quietHours';
  if (rule.segmentId !== null && !inSegment(rule.segmentId)) return 'notInSegment';
  const own = fires.filter((entry) => entry.ruleId === rule.id);
  if (own.some((entry) => now - entry.at < rule.cooldownMinutes * 60_000)) return 'cooldown';
  const periodStart = now - rule.frequencyCap.periodHours * hourMs;
  if (own.filter((entry) => entry.at > periodStart).length >= rule.frequencyCap.count) return 'cap';
  if (firedToday >= rule.globalDailyCap) return 'globalCap';
  return undefined;
}

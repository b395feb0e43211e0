// The decision for one moment: which rule fires, and the reason every other
// matching rule is silent. Each test injects the condition that must silence
// (or not) a rule: a recent fire, a full cap, the hour, the date, the segment.
import { describe, expect, it } from 'vitest';
import { createMomentRuleSchema, momentRuleSchema, type MomentRule } from '@/lib/contracts/moment-rule';
import {
  compileRules,
  decide,
  fillMessage,
  inQuietHours,
  localClock,
  type Moment,
  type MomentDecision,
} from '@/lib/moments';
import { searchQueryFromUrl } from '@/lib/moments/search-url';
import { budgetTravelRule, gameHelpRule } from '../fixtures/moment-rules';

const rule = (input: object, id: number, version = 1): MomentRule =>
  momentRuleSchema.parse({ ...createMomentRuleSchema.parse(input), id, version });
const search = (text: string) => ({ kind: 'search', source: 'searchBox', text }) as const;
const minute = 60_000;
// 2026-07-01 12:00 UTC: 14:00 in Paris, 06:00 in Mexico City.
const noon = Date.parse('2026-07-01T12:00:00Z');

function run(
  rules: MomentRule[],
  moment: Moment = search('cheap hotels in mexico'),
  log: MomentDecision[] = [],
  extra = {},
) {
  return decide({
    rules: compileRules(rules),
    moment,
    now: noon,
    timeZone: 'Europe/Paris',
    log,
    inSegment: () => true,
    ...extra,
  });
}
const fire = (ruleId: number, at: number): MomentDecision => ({
  at,
  ruleId,
  ruleVersion: 1,
  trigger: 'search',
  outcome: 'fired',
});

describe('deciding a moment', () => {
  it('fires a matching rule with the query in its message', () => {
    const result = run([rule(budgetTravelRule, 1)]);
    expect(result.fired?.rule.id).toBe(1);
    expect(result.fired?.message).toEqual({
      title: 'Travel for less',
      body: 'Deals picked for “cheap hotels in mexico”',
      url: '/search?q=cheap%20hotels%20in%20mexico&utm_source=kairos-moment',
    });
    expect(result.decisions).toEqual([{ at: noon, ruleId: 1, ruleVersion: 1, trigger: 'search', outcome: 'fired' }]);
  });

  it('logs one noMatch when no rule matches, and nothing when no rule watches the trigger', () => {
    expect(run([rule(budgetTravelRule, 1)], search('running shoes')).decisions).toEqual([
      { at: noon, ruleId: null, ruleVersion: null, trigger: 'search', outcome: 'skipped', reason: 'noMatch' },
    ]);
    expect(run([rule(budgetTravelRule, 1)], { kind: 'cartAbandoned' }).decisions).toEqual([]);
  });

  it('the highest priority fires; the other matching rule is outranked', () => {
    const low = rule({ ...budgetTravelRule, name: 'low', priority: 10 }, 1);
    const high = rule({ ...budgetTravelRule, name: 'high', priority: 900 }, 2);
    const result = run([low, high]);
    expect(result.fired?.rule.name).toBe('high');
    expect(result.decisions.map((d) => [d.ruleId, d.outcome, d.reason])).toEqual([
      [2, 'fired', undefined],
      [1, 'skipped', 'outranked'],
    ]);
  });

  it('a silenced higher rule lets the next one fire', () => {
    const high = rule({ ...budgetTravelRule, priority: 900, cooldownMinutes: 60 }, 2);
    const low = rule({ ...budgetTravelRule, priority: 10 }, 1);
    const result = run([low, high], undefined, [fire(2, noon - 5 * minute)]);
    expect(result.fired?.rule.id).toBe(1);
    expect(result.decisions.find((d) => d.ruleId === 2)?.reason).toBe('cooldown');
  });

  it('cooldown: silent within the window, fires after it', () => {
    const travel = rule({ ...budgetTravelRule, cooldownMinutes: 30, frequencyCap: { count: 10, periodHours: 24 } }, 1);
    expect(run([travel], undefined, [fire(1, noon - 29 * minute)]).decisions[0]?.reason).toBe('cooldown');
    expect(run([travel], undefined, [fire(1, noon - 31 * minute)]).fired?.rule.id).toBe(1);
  });

  it('frequency cap: n per rolling period', () => {
    const travel = rule({ ...budgetTravelRule, cooldownMinutes: 0, frequencyCap: { count: 2, periodHours: 24 } }, 1);
    const twoToday = [fire(1, noon - 3 * 60 * minute), fire(1, noon - 60 * minute)];
    expect(run([travel], undefined, twoToday).decisions[0]?.reason).toBe('cap');
    const oneAgedOut = [fire(1, noon - 25 * 60 * minute), fire(1, noon - 60 * minute)];
    expect(run([travel], undefined, oneAgedOut).fired).toBeDefined();
  });

  it('global daily cap counts every rule on the visitor’s local day', () => {
    const travel = rule({ ...budgetTravelRule, globalDailyCap: 2, cooldownMinutes: 0 }, 1);
    // 23:30 UTC yesterday is 01:30 today in Paris: it counts for today there.
    const log = [fire(7, Date.parse('2026-06-30T23:30:00Z')), fire(8, noon - 60 * minute)];
    expect(run([travel], undefined, log).decisions[0]?.reason).toBe('globalCap');
    // In Mexico City the first fire was yesterday.
    expect(run([travel], undefined, log, { timeZone: 'America/Mexico_City' }).fired).toBeDefined();
  });

  it('quiet hours in the visitor’s time zone, wrapping midnight', () => {
    const travel = rule({ ...budgetTravelRule, quietHours: { startHour: 22, endHour: 8 } }, 1);
    // 06:00 in Mexico City: quiet. 14:00 in Paris: not.
    expect(run([travel], undefined, [], { timeZone: 'America/Mexico_City' }).decisions[0]?.reason).toBe('quietHours');
    expect(run([travel], undefined, [], { timeZone: 'Europe/Paris' }).fired).toBeDefined();
    expect([21, 22, 23, 0, 7, 8].map((h) => inQuietHours(h, { startHour: 22, endHour: 8 }))).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(inQuietHours(3, { startHour: 5, endHour: 5 })).toBe(false);
    expect(localClock(noon, 'Not/AZone')).toEqual({ day: '2026-07-01', hour: 12 });
  });

  it('start and end dates', () => {
    const future = rule({ ...budgetTravelRule, startsAt: '2026-07-02T00:00:00Z' }, 1);
    const past = rule({ ...budgetTravelRule, endsAt: '2026-07-01T11:59:59Z' }, 2);
    const current = rule({ ...budgetTravelRule, startsAt: '2026-06-01T00:00:00Z', endsAt: '2026-08-01T00:00:00Z' }, 3);
    expect(run([future]).decisions[0]?.reason).toBe('expired');
    expect(run([past]).decisions[0]?.reason).toBe('expired');
    expect(run([current]).fired?.rule.id).toBe(3);
  });

  it('segment precondition: asked only for the rule that names one', () => {
    const asked: number[] = [];
    const travel = rule({ ...budgetTravelRule, segmentId: 42 }, 1);
    const outside = run([travel], undefined, [], { inSegment: (id: number) => (asked.push(id), false) });
    expect(outside.decisions[0]?.reason).toBe('notInSegment');
    expect(asked).toEqual([42]);
    expect(run([travel], undefined, [], { inSegment: () => true }).fired).toBeDefined();
    expect(run([rule(budgetTravelRule, 2)], undefined, [], { inSegment: () => false }).fired).toBeDefined();
  });

  it('search rules read their own URL parameters and paths', () => {
    const onlyFind = rule(
      { ...budgetTravelRule, trigger: { kind: 'search', parameters: ['find'], pathPatterns: ['/shop/*'] } },
      1,
    );
    const url = (href: string) => ({ kind: 'search', source: 'url', url: new URL(href) }) as const;
    expect(run([onlyFind], url('https://shop.test/shop/list?find=cheap+hotels')).fired).toBeDefined();
    expect(run([onlyFind], url('https://shop.test/shop/list?q=cheap+hotels')).decisions).toEqual([]);
    expect(run([onlyFind], url('https://shop.test/blog?find=cheap+hotels')).decisions).toEqual([]);
    expect(searchQueryFromUrl(new URL('https://x.test/search?s=&keyword=budget+trip'))).toBe('budget trip');
    const urlOnly = rule({ ...budgetTravelRule, trigger: { kind: 'search', sources: ['url'] } }, 2);
    expect(run([urlOnly]).decisions).toEqual([]);
  });

  it('product and category views, with a category filter and an optional match', () => {
    const trips = rule(
      {
        name: 'trips',
        trigger: { kind: 'productView', categories: ['trips'] },
        message: { title: 'Still thinking about {{query}}?', url: '/' },
      },
      1,
    );
    const viewed = run([trips], { kind: 'productView', text: 'Lisbon weekend', category: 'trips' });
    expect(viewed.fired?.message.title).toBe('Still thinking about Lisbon weekend?');
    expect(run([trips], { kind: 'productView', text: 'Socks', category: 'home' }).decisions).toEqual([]);
    const games = rule({ ...gameHelpRule, trigger: { kind: 'categoryView' }, match: null }, 2);
    expect(run([games], { kind: 'categoryView', category: 'video-games' }).fired?.rule.id).toBe(2);
  });
});

describe('rule contract', () => {
  it('refuses a search rule without keywords, reversed dates, unknown fields and oversize lists', () => {
    const base = { name: 'x', trigger: { kind: 'search' }, message: { title: 't', url: '/' } };
    expect(createMomentRuleSchema.safeParse(base).success).toBe(false);
    expect(
      createMomentRuleSchema.safeParse({
        ...budgetTravelRule,
        startsAt: '2026-02-01T00:00:00Z',
        endsAt: '2026-01-01T00:00:00Z',
      }).success,
    ).toBe(false);
    expect(createMomentRuleSchema.safeParse({ ...budgetTravelRule, surprise: 1 }).success).toBe(false);
    const huge = { ...budgetTravelRule, match: { sets: [{ name: 'x', terms: Array(201).fill('a') }] } };
    expect(createMomentRuleSchema.safeParse(huge).success).toBe(false);
  });
  it('fills defaults: search parameters, caps, cooldown', () => {
    const parsed = createMomentRuleSchema.parse(gameHelpRule);
    expect(parsed.trigger).toEqual({
      kind: 'search',
      sources: ['url', 'searchBox'],
      parameters: ['q', 's', 'query', 'search', 'keyword'],
      pathPatterns: [],
    });
    expect([parsed.frequencyCap, parsed.cooldownMinutes, parsed.globalDailyCap]).toEqual([
      { count: 1, periodHours: 24 },
      60,
      3,
    ]);
  });
});

describe('message template', () => {
  it('inserts the query as text, shortened, and percent-encoded in the URL', () => {
    const filled = fillMessage(
      { title: '{{query}}', body: 'about {{ query }}', url: '/s?q={{query}}' },
      '<b>x</b> & "y"',
    );
    expect(filled).toEqual({
      title: '<b>x</b> & "y"',
      body: 'about <b>x</b> & "y"',
      url: '/s?q=%3Cb%3Ex%3C%2Fb%3E%20%26%20%22y%22',
    });
    expect(fillMessage({ title: '{{query}}', body: '', url: '/' }, 'a'.repeat(500)).title).toHaveLength(80);
  });
});

// The builder's per-item accessible names: each says which condition it acts
// on. Injected failure these catch: every row named the same ("Remove").
import { describe, expect, it } from 'vitest';
import { conditionSummary } from '@/app/console/(admin)/segments/condition-summary';
import { newCondition, conditionKinds } from '@/app/console/(admin)/segments/conditions';

describe('a condition in words', () => {
  it('names the trait, the comparison and the value', () => {
    expect(conditionSummary({ kind: 'trait', trait: 'country', compare: { op: 'eq', value: 'PT' } })).toBe(
      'country is PT',
    );
    expect(conditionSummary({ kind: 'trait', trait: 'country', compare: { op: 'in', value: ['PT', 'ES'] } })).toBe(
      'country is one of PT, ES',
    );
    expect(conditionSummary({ kind: 'trait', trait: 'age', compare: { op: 'gte', value: 30 } })).toBe('age ≥ 30');
    expect(conditionSummary({ kind: 'trait', trait: 'email', compare: { op: 'exists' } })).toBe('email is set');
    expect(conditionSummary({ kind: 'trait', trait: 'plan', compare: { op: 'eq', value: '' } })).toBe('plan is ""');
  });

  it('names an event with its count, window and filters', () => {
    expect(
      conditionSummary({
        kind: 'event',
        name: 'Products Searched',
        where: [{ property: 'query', compare: { op: 'contains', value: 'boots' } }],
        atLeast: 3,
        withinDays: 7,
      }),
    ).toBe('did Products Searched at least 3 times in the last 7 days where query contains boots');
    expect(conditionSummary(newCondition('event'))).toBe('did an event in the last 30 days');
  });

  it('names RFM, intent, campaign and device conditions', () => {
    expect(conditionSummary({ kind: 'rfmSegment', segments: ['at risk', 'champions'] })).toBe(
      'RFM segment is at risk or champions',
    );
    expect(conditionSummary({ kind: 'rfmScore', r: [4, 5], f: [2, 2] })).toBe('RFM R 4–5, F 2');
    expect(conditionSummary({ kind: 'intent', tiers: ['high'] })).toBe('intent tier is high');
    expect(conditionSummary({ kind: 'campaign', engagement: 'clicked', campaignId: '12', withinDays: 30 })).toBe(
      'clicked campaign 12 in the last 30 days',
    );
    expect(conditionSummary({ kind: 'campaign', engagement: 'none' })).toBe('received no campaign');
    expect(conditionSummary({ kind: 'technographic', field: 'device', op: 'in', values: ['mobile'] })).toBe(
      'device is mobile',
    );
    expect(conditionSummary({ kind: 'technographic', field: 'locale', op: 'notIn', values: ['pt', 'es'] })).toBe(
      'locale is none of pt, es',
    );
    expect(conditionSummary({ kind: 'geo', field: 'country', op: 'in', values: ['FR', 'BE'] })).toBe(
      'country is one of FR, BE',
    );
    expect(conditionSummary({ kind: 'geo', field: 'city', op: 'notIn', values: ['Paris'] })).toBe('city is not Paris');
  });

  it('names groups and negations, and cuts long values', () => {
    expect(conditionSummary({ any: [newCondition('intent'), newCondition('trait')] })).toBe('any of 2 items');
    expect(conditionSummary({ not: { kind: 'intent', tiers: ['low'] } })).toBe('not intent tier is low');
    const long = conditionSummary({ kind: 'trait', trait: 'note', compare: { op: 'eq', value: 'x'.repeat(500) } });
    expect(long).toHaveLength(100);
    expect(long.endsWith('…')).toBe(true);
  });

  it('gives different names to two conditions of different kinds (every kind has its own words)', () => {
    const names = conditionKinds.map((kind) => conditionSummary(newCondition(kind)));
    expect(new Set(names).size).toBe(conditionKinds.length);
  });
});

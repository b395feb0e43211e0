// The segment tree contract: what zod accepts and refuses, and the SQL
// literals that carry its values.
import { describe, expect, test } from 'vitest';
import { parseSegmentTree } from '@/lib/contracts/segment';
import { sqlIdentifier, sqlNumber, sqlString } from '@/lib/segments/sql-literal';

const trait = { kind: 'trait', trait: 'plan', compare: { op: 'eq', value: 'pro' } };

describe('segment tree contract', () => {
  test('accepts every condition kind, nested in all/any/not', () => {
    const tree = {
      all: [
        trait,
        {
          kind: 'event',
          name: 'Product Viewed',
          where: [{ property: 'price', compare: { op: 'gte', value: 10 } }],
          atLeast: 2,
          withinDays: 7,
        },
        {
          any: [
            { kind: 'rfmSegment', segments: ['champions'] },
            { kind: 'rfmScore', r: [4, 5] },
          ],
        },
        { not: { kind: 'campaign', engagement: 'none', withinDays: 30 } },
        { kind: 'intent', tiers: ['high', 'medium'] },
        { kind: 'technographic', field: 'timezone', op: 'startsWith', values: ['Europe/'] },
      ],
    };
    expect(parseSegmentTree(tree)).toMatchObject({ all: expect.any(Array) });
  });

  test('fills defaults: an event condition without where/atLeast means at least one, no filter', () => {
    expect(parseSegmentTree({ kind: 'event', name: 'page' })).toEqual({
      kind: 'event',
      name: 'page',
      where: [],
      atLeast: 1,
    });
  });

  test.each([
    ['an unknown field', { ...trait, extra: 1 }],
    ['an unknown group', { some: [trait] }],
    ['an unknown kind', { kind: 'sql', sql: 'DROP TABLE events' }],
    ['a string for a numeric comparison', { kind: 'trait', trait: 'age', compare: { op: 'gt', value: '3' } }],
    ['a value on exists', { kind: 'trait', trait: 'age', compare: { op: 'exists', value: 1 } }],
    ['a lone surrogate', { kind: 'trait', trait: 'a', compare: { op: 'eq', value: '\ud800' } }],
    ['a NUL character', { kind: 'trait', trait: 'a', compare: { op: 'eq', value: 'a\u0000b' } }],
    ['an infinite number', { kind: 'trait', trait: 'a', compare: { op: 'lt', value: Infinity } }],
    ['a score out of 1..5', { kind: 'rfmScore', r: [0, 6] }],
    ['an unknown RFM segment', { kind: 'rfmSegment', segments: ['whales'] }],
    ['a window of 0 days', { kind: 'event', name: 'page', withinDays: 0 }],
    ['an unknown place field', { kind: 'geo', field: 'postcode', op: 'in', values: ['75001'] }],
    ['an empty city name', { kind: 'geo', field: 'city', op: 'in', values: [''] }],
  ])('refuses %s', (_, tree) => {
    expect(() => parseSegmentTree(tree)).toThrow();
  });

  test('a country is its ISO code in capitals; region and city names are free text', () => {
    expect(parseSegmentTree({ kind: 'geo', field: 'country', op: 'notIn', values: ['FR', 'BE'] })).toEqual({
      kind: 'geo',
      field: 'country',
      op: 'notIn',
      values: ['FR', 'BE'],
    });
    // Injected: a name and a lower-case code where a code belongs.
    for (const values of [['France'], ['fr']]) {
      expect(() => parseSegmentTree({ kind: 'geo', field: 'country', op: 'in', values })).toThrow(
        /two-letter ISO 3166-1 code in capitals/,
      );
    }
    expect(parseSegmentTree({ kind: 'geo', field: 'city', op: 'in', values: ["L'Haÿ-les-Roses"] })).toMatchObject({
      values: ["L'Haÿ-les-Roses"],
    });
  });

  test('refuses trees nested too deep', () => {
    let tree: unknown = trait;
    for (let i = 0; i < 9; i++) tree = { not: tree };
    expect(() => parseSegmentTree(tree)).toThrow(/deeper than 8/);
  });
});

describe('SQL literals', () => {
  test('strings double their quotes and nothing else', () => {
    expect(sqlString("it's; DROP TABLE events; --")).toBe("'it''s; DROP TABLE events; --'");
    expect(sqlString('back\\slash')).toBe("'back\\slash'");
    expect(() => sqlString('a\u0000')).toThrow();
    expect(sqlIdentifier('we"ird')).toBe('"we""ird"');
  });

  test('numbers go through DuckDB string-to-double casts; non-finite values are refused', () => {
    expect(sqlNumber(0.30000000000000004)).toBe("CAST('0.30000000000000004' AS DOUBLE)");
    expect(() => sqlNumber(Number.NaN)).toThrow();
  });
});

// The Segment call reader's compiled parsers (lib/collect/segment-parsers.js,
// written by lib/build/segment-parsers.ts) against zod. Three holds: the file
// is what the schemas compile to today; each compiled parser accepts and
// refuses what its zod schema does, with the same parsed value; and the
// reader built on them stores exactly what the reader built on zod stores,
// and refuses with the same message, over real libraries' calls, their
// mutations and a table of the tricky ones.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { segmentParsersFile, segmentParsersSource } from '@/lib/build/segment-parsers';
import { type CallDefaults, segmentCallReader } from '@/lib/collect/segment-call';
import { contextObjectFields, contextValues, parseSegmentCall } from '@/lib/collect/segment-parsers';
import { checkEvents } from '@/lib/collect/validate';
import { keptContextObjects, keptContextValues, segmentCallSchema } from '@/lib/contracts/segment-api';
import { jsonMutation, mutate } from '../fixtures/json-mutations';

type Parser = (input: unknown) => unknown;

const receivedAt = new Date('2026-05-01T12:00:00.000Z');

/** Calls as libraries send them (analytics-node, RudderStack, analytics.js), every type and field the reader reads. */
const callSeeds: unknown[] = [
  {
    type: 'track',
    event: 'Product Viewed',
    properties: { product_id: 'p1', price: 19.99 },
    anonymousId: 'bench-1',
    context: {
      locale: 'en-GB',
      timezone: 'Europe/London',
      page: { url: 'https://shop.example/p', path: '/p' },
      library: { name: '@segment/analytics-node', version: '2.1.3' },
    },
    integrations: {},
    messageId: 'node-next-1796191031148-8d1b2c3d-aaaa-bbbb-cccc-0123456789ab',
    timestamp: '2026-05-01T11:59:00.000Z',
    _metadata: { nodeVersion: 'v22.12.0', jsRuntime: 'node' },
  },
  {
    type: 'identify',
    userId: 42,
    anonymousId: 'a-1',
    traits: { email: 'u@example.com', plan: 'pro' },
    originalTimestamp: '2026-05-01T13:58:00+02:00',
    sentAt: '2026-05-01T13:59:00+02:00',
    channel: 'server',
    context: {
      ip: '203.0.113.9',
      userAgent: 'Mozilla/5.0',
      device: { type: 'mobile', model: 'Pixel' },
      app: { name: 'Shop', version: '2' },
      library: { name: 'analytics-node', version: '3.0.0' },
    },
  },
  {
    type: 'page',
    anonymousId: 'a-2',
    name: 'Home',
    category: 'Docs',
    properties: { path: '/', url: 'https://s.example/', title: 'Home', referrer: '', search: '?q=1', name: 'Own' },
    context: { campaign: { source: 'news', medium: 'email', id: 'c-9' }, timezone: 'Europe/Paris' },
    writeKey: 'kairos_wk_secret',
  },
  { type: 'screen', userId: 'u-1', name: null, category: null, properties: null, traits: null, context: null },
  { type: 'alias', userId: 'new', previousId: 'old', timestamp: '2026-05-01T11:00:00Z' },
  { type: 'group', userId: 'u-2', groupId: 7, traits: { plan: 'pro' }, receivedAt: '2026-05-01T11:00:00Z' },
];

const lengths = [0, 1, 35, 36, 45, 46, 64, 65, 100, 101, 200, 201, 1_000, 1_001, 2_000, 2_001];
const callValue = fc.oneof(
  fc.constantFrom<unknown>('', ' ', 'x', 0, 1, -1, 1.5, 42, 1e20, null, true, false, [], {}, { a: 1 }),
  fc.constantFrom<unknown>('track', 'page', 'screen', 'identify', 'group', 'alias', 'purchase'),
  fc.constantFrom<unknown>('2026-05-01T11:59:00.000Z', '2026-05-01T13:59:00+02:00', '2026-05-01', 'not a date'),
  fc.constantFrom<unknown>('203.0.113.9', '2001:db8::1', 'mobile', 'tablet', 'watch', 'https://s.example/'),
  fc.constantFrom(...lengths).map((length) => 'a'.repeat(length)),
  fc.jsonValue(),
);
const callMutation = jsonMutation(callValue, [
  'channel',
  '__proto__',
  'toString',
  'constructor',
  'type',
  'messageId',
  'ip',
  'library',
  'device',
  'name',
  'url',
]);
const mutatedCall = fc
  .tuple(fc.constantFrom(...callSeeds), fc.array(callMutation, { minLength: 1, maxLength: 3 }))
  .map(([seed, changes]) => mutate(seed, changes));

/** The same answer, accepted or refused, and the same value in the same key order. */
function agree(schema: z.ZodType, compiled: Parser, input: unknown): boolean {
  const expected = schema.safeParse(input);
  const actual = compiled(input);
  expect(actual === undefined ? 'refused' : 'accepted').toBe(expected.success ? 'accepted' : 'refused');
  if (expected.success) {
    expect(actual).toStrictEqual(expected.data);
    expect(JSON.stringify(actual)).toBe(JSON.stringify(expected.data));
  }
  return expected.success;
}

const mapValues = <T, U>(table: Record<string, T>, map: (value: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(table).map(([key, value]) => [key, map(value)]));

/** A schema's answer as the compiled parsers give theirs: the parsed value, or undefined. */
const zodParser =
  (schema: z.ZodType): Parser =>
  (input) => {
    const parsed = schema.safeParse(input);
    return parsed.success ? parsed.data : undefined;
  };

/** The reader as it was before its parsers were compiled: the same module, zod behind every parse. */
let zodReader: typeof segmentCallReader;
beforeAll(async () => {
  vi.resetModules();
  vi.doMock('@/lib/collect/segment-parsers', () => ({
    parseSegmentCall: zodParser(segmentCallSchema),
    contextObjectFields: mapValues(keptContextObjects, (fields) => mapValues(fields, zodParser)),
    contextValues: mapValues(keptContextValues, zodParser),
  }));
  zodReader = (await import('@/lib/collect/segment-call')).segmentCallReader;
  vi.doUnmock('@/lib/collect/segment-parsers');
});

const locate = (ip: unknown) => (typeof ip === 'string' ? { country: ip.includes(':') ? 'DE' : 'GB' } : undefined);
const defaultsCases: CallDefaults[] = [
  { keepIp: false },
  { keepIp: true, locate, sentAt: '2026-05-01T11:59:30.000Z' },
  { keepIp: false, type: 'page', locate },
];

/** One call through checkEvents (made storable first, as every route does) with `read`; a generated messageId named as such. */
function stored(call: unknown, read: typeof segmentCallReader, defaults: CallDefaults): unknown {
  const checked = checkEvents([call], receivedAt, read(defaults, receivedAt));
  const sent = typeof call === 'object' && call !== null ? (call as { messageId?: unknown }).messageId : undefined;
  for (const { event } of checked.valid) if (event.messageId !== sent) event.messageId = '(generated)';
  return checked;
}

function sameReading(call: unknown): void {
  for (const defaults of defaultsCases) {
    const compiled = stored(call, segmentCallReader, defaults);
    const zod = stored(call, zodReader, defaults);
    expect(compiled).toStrictEqual(zod);
    expect(JSON.stringify(compiled)).toBe(JSON.stringify(zod));
  }
}

describe('the compiled Segment parsers', () => {
  it('are what the schemas compile to today (else run `npm run parsers`)', () => {
    expect(readFileSync(segmentParsersFile, 'utf8')).toBe(segmentParsersSource());
  });

  it('parse every library call as zod does', () => {
    for (const seed of callSeeds) expect(agree(segmentCallSchema, parseSegmentCall, seed)).toBe(true);
  });

  it('accept and refuse mutated calls exactly as zod does', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(mutatedCall, (call) => {
        if (agree(segmentCallSchema, parseSegmentCall, call)) accepted += 1;
        else refused += 1;
      }),
      { numRuns: 3_000 },
    );
    // Both sides of the boundary were exercised, not only one.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('refuse what is not a call at all as zod does (symbols, prototypes, getters included)', () => {
    const anything = fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true });
    fc.assert(
      fc.property(anything, (input) => {
        agree(segmentCallSchema, parseSegmentCall, input);
        agree(segmentCallSchema, parseSegmentCall, { type: 'track', userId: 'u', properties: input, context: input });
      }),
      { numRuns: 1_000 },
    );
    class Props {
      price = 1;
    }
    const symbolKeyed = { [Symbol('k')]: 1 };
    for (const properties of [new Props(), Object.create(null), symbolKeyed, new Map(), new Date(0), []]) {
      agree(segmentCallSchema, parseSegmentCall, { type: 'track', userId: 'u', properties });
    }
  });

  it('check each context field as zod does', () => {
    const tables: [Record<string, z.ZodType>, Record<string, Parser>][] = [
      ...Object.entries(keptContextObjects).map(
        ([key, fields]) =>
          [fields, contextObjectFields[key as keyof typeof keptContextObjects]] as [
            Record<string, z.ZodType>,
            Record<string, Parser>,
          ],
      ),
      [keptContextValues, contextValues],
    ];
    for (const [schemas, parsers] of tables) {
      expect(Object.keys(parsers)).toEqual(Object.keys(schemas));
      fc.assert(
        fc.property(callValue, (value) => {
          for (const [key, schema] of Object.entries(schemas)) agree(schema, parsers[key]!, value);
        }),
        { numRuns: 300 },
      );
    }
  });
});

describe('the reader on compiled parsers', () => {
  it('stores and refuses every library call and its mutations as the reader on zod does', () => {
    for (const seed of callSeeds) sameReading(seed);
    fc.assert(fc.property(mutatedCall, sameReading), { numRuns: 2_000 });
  });

  it.each([
    ['no id at all', { type: 'track', event: 'A' }],
    ['a userId only', { type: 'track', event: 'A', userId: 'cust-42' }],
    ['an empty anonymousId', { type: 'track', event: 'A', anonymousId: '' }],
    ['numeric ids', { type: 'alias', userId: 7, anonymousId: 8.5, previousId: 0 }],
    ['a messageId of 100 characters', { type: 'track', event: 'A', userId: 'u', messageId: 'm'.repeat(100) }],
    ['a messageId of 101 characters', { type: 'track', event: 'A', userId: 'u', messageId: 'm'.repeat(101) }],
    ['a messageId that is a number', { type: 'track', event: 'A', userId: 'u', messageId: 5 }],
    ['an unknown type', { type: 'purchase', userId: 'u' }],
    ['no type', { userId: 'u', event: 'A' }],
    ['a track without its event', { type: 'track', userId: 'u' }],
    ['properties that are a list', { type: 'track', event: 'A', userId: 'u', properties: [1, 2] }],
    [
      'a property key past 200 characters',
      { type: 'track', event: 'A', userId: 'u', properties: { ['k'.repeat(201)]: 1 } },
    ],
    ['a timestamp without its offset', { type: 'track', event: 'A', userId: 'u', timestamp: '2026-05-01T11:59:00' }],
    ['unknown fields', { type: 'track', event: 'A', userId: 'u', channel: 'server', version: 2, options: { a: 1 } }],
    ['a page name and category', { type: 'page', anonymousId: 'a', name: 'Home', category: 'Docs', properties: {} }],
    ['a page name beside its own', { type: 'page', anonymousId: 'a', name: 'Home', properties: { name: 'Own' } }],
    ['a screen name of 201', { type: 'screen', anonymousId: 'a', name: 'n'.repeat(201) }],
    [
      'page properties past their bound',
      { type: 'page', anonymousId: 'a', properties: { url: 'u'.repeat(2_001), path: '/' } },
    ],
    ['a context ip', { type: 'track', event: 'A', userId: 'u', context: { ip: '203.0.113.9' } }],
    ['a context ip too long', { type: 'track', event: 'A', userId: 'u', context: { ip: '1'.repeat(46) } }],
    ['a context ip that is a number', { type: 'track', event: 'A', userId: 'u', context: { ip: 42 } }],
    [
      'a library',
      { type: 'track', event: 'A', userId: 'u', context: { library: { name: 'x', version: '1', extra: 1 } } },
    ],
    [
      'a library name past 100',
      { type: 'track', event: 'A', userId: 'u', context: { library: { name: 'l'.repeat(101) } } },
    ],
    ['a library that is text', { type: 'track', event: 'A', userId: 'u', context: { library: 'analytics.js' } }],
    ['a device type', { type: 'track', event: 'A', userId: 'u', context: { device: { type: 'tablet', id: 'd' } } }],
    ['an unknown device type', { type: 'track', event: 'A', userId: 'u', context: { device: { type: 'watch' } } }],
    ['a locale too long', { type: 'track', event: 'A', userId: 'u', context: { locale: 'l'.repeat(36) } }],
    ['a context geo of its own', { type: 'track', event: 'A', userId: 'u', context: { geo: { country: 'FR' } } }],
    ['a context key of the prototype', { type: 'track', event: 'A', userId: 'u', context: { toString: 'x' } }],
    ['a context that is a list', { type: 'track', event: 'A', userId: 'u', context: ['a'] }],
  ])('reads a call with %s as the reader on zod does', (_, call) => {
    sameReading(call);
  });
});

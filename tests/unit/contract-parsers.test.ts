// The service worker parses its contracts with code compiled from the zod
// schemas (lib/build/contract-parsers.ts), not with zod. Differential tests:
// over valid contracts and over mutations of them (a key dropped, added or
// replaced, a string padded or stretched past its bound, a number nudged), the
// compiled parser and zod accept and refuse the same inputs and give the same
// parsed value (defaults filled in, strings trimmed).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileParsers } from '@/lib/build/contract-parsers';
import { workerBundle } from '@/lib/build/worker-bundle';
import { createMomentRuleSchema } from '@/lib/contracts/moment-rule';
import { workerSchemas } from '@/lib/contracts/worker-parsers';
import { jsonMutation, mutate } from '../fixtures/json-mutations';
import { budgetTravelRule, gameHelpRule } from '../fixtures/moment-rules';

type Parser = (input: unknown) => unknown;

async function load(schemas: Record<string, z.ZodType>): Promise<Record<string, Parser>> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kairos-parsers-')), 'parsers.mjs');
  writeFileSync(file, compileParsers(schemas));
  return (await import(pathToFileURL(file).href)) as Record<string, Parser>;
}

const stored = (input: object, id: number) => ({ ...createMomentRuleSchema.parse(input), id, version: 3 });
const ruleSeeds: unknown[] = [
  stored(budgetTravelRule, 1),
  { ...budgetTravelRule, id: 2, version: 1 },
  { ...gameHelpRule, id: 3, version: 1, quietHours: { startHour: 22, endHour: 7 } },
  {
    name: 'Left in the cart',
    trigger: { kind: 'cartAbandoned', afterMinutes: 30 },
    message: { title: 'Still thinking?', url: '/cart', icon: '/icons/icon-192.png' },
    segmentId: 4,
    startsAt: '2026-07-01T00:00:00+02:00',
    endsAt: '2026-08-01T00:00:00Z',
    id: 4,
    version: 2,
  },
  {
    name: ' Shoes ',
    enabled: false,
    trigger: { kind: 'productView', categories: ['shoes', ' boots '] },
    message: { title: 'Shoes for {{query}}', body: '  ', url: '/shoes' },
    id: 5,
    version: 1,
  },
  { name: 'Lists', trigger: { kind: 'categoryView' }, message: { title: 't', url: '/' }, id: 6, version: 1 },
];
const payloadSeeds: unknown[] = [
  {
    kind: 'notification',
    title: 'Summer sale',
    body: 'Everything 20% off',
    icon: '/icons/icon-192.png',
    url: '/sale',
    actions: [
      { action: 'open', title: 'Open', url: '/sale' },
      { action: 'later', title: 'Later' },
    ],
    tag: 'sale',
    renotify: true,
    campaignId: 7,
    variant: 1,
    deliveryId: 12,
  },
  { kind: 'notification', title: 'Hello' },
  { kind: 'config' },
];

const declarativeSeeds: unknown[] = [
  {
    web_push: 8030,
    notification: {
      title: 'Summer sale',
      body: 'Everything 20% off',
      navigate: '/sale',
      icon: '/icons/icon-192.png',
      image: 'https://cdn.example/sale.jpg',
      actions: [
        { action: 'open', title: 'Open', navigate: '/sale' },
        { action: 'later', title: 'Later', navigate: './' },
      ],
      tag: 'sale',
      renotify: true,
      data: { kairos: 1, campaignId: 7, variant: 1, deliveryId: 12 },
    },
    mutable: true,
  },
  { web_push: 8030, notification: { title: 'Hello', navigate: './', data: { kairos: 1 } }, app_badge: 3 },
];

const boundaryValue = fc.oneof(
  fc.constantFrom<unknown>('', ' ', '  padded  ', '/x', 'x', -1, 0, 1, 1.5, 2, 3, 5, 12, 23, 24, 50, 100, 1_000, 1e20),
  fc.constantFrom<unknown>(null, true, false, [], {}, '2026-07-01T00:00:00Z', 'not a date', 'search', 'config'),
  fc.integer({ min: 0, max: 1_200 }).map((length) => 'a'.repeat(length)),
  fc.jsonValue(),
);

const mutation = jsonMutation(boundaryValue, ['extra', '__proto__', 'kind', 'toString']);

function agree(schema: z.ZodType, compiled: Parser, input: unknown): boolean {
  const expected = schema.safeParse(input);
  const actual = compiled(input);
  expect(actual === undefined ? 'refused' : 'accepted').toBe(expected.success ? 'accepted' : 'refused');
  if (expected.success) expect(actual).toEqual(expected.data);
  return expected.success;
}

let parsers: Record<string, Parser> = {};
beforeAll(async () => {
  parsers = await load(workerSchemas);
});

const cases = [
  ['parseMomentRule', workerSchemas.parseMomentRule, ruleSeeds],
  ['parsePushPayload', workerSchemas.parsePushPayload, payloadSeeds],
  ['parseKairosPushMessage', workerSchemas.parseKairosPushMessage, declarativeSeeds],
] as const;

describe.each(cases)('the compiled %s', (name, schema, seeds) => {
  it('accepts every valid seed with zod’s parsed value', () => {
    for (const seed of seeds) expect(agree(schema, parsers[name]!, seed)).toBe(true);
  });

  it('accepts and refuses mutated inputs exactly as zod does', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 }), (seed, changes) => {
        if (agree(schema, parsers[name]!, mutate(seed, changes))) accepted += 1;
        else refused += 1;
      }),
      { numRuns: 3_000 },
    );
    // Both sides of the boundary were exercised, not only one.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('refuses what is not a contract at all as zod does', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        agree(schema, parsers[name]!, input);
      }),
      { numRuns: 500 },
    );
  });

  it('hands each caller a fresh copy of a default', () => {
    const seed = seeds.at(-1);
    const first = parsers[name]!(seed) as Record<string, unknown>;
    const second = parsers[name]!(seed) as Record<string, unknown>;
    expect(first).toEqual(second);
    for (const [key, value] of Object.entries(first)) {
      if (value && typeof value === 'object') expect(second[key]).not.toBe(value);
    }
  });
});

describe('compiling contracts for the worker', () => {
  it('is caught by the differential check when it drifts from zod (a bound compiled one off)', async () => {
    // Injected failure: the compiled parser gets a schema one character looser than the contract it is compared with.
    const contract = z.object({ title: z.string().trim().min(1).max(5) }).strict();
    const { parseTitle } = await load({ parseTitle: z.object({ title: z.string().trim().min(1).max(6) }).strict() });
    expect(() => agree(contract, parseTitle!, { title: 'abcdef' })).toThrow();
  });

  it('keeps a refinement: a keyword set with neither terms nor phrases is refused', () => {
    const rule = { ...budgetTravelRule, id: 1, version: 1, match: { sets: [{ name: 'empty' }] } };
    expect(workerSchemas.parseMomentRule.safeParse(rule).success).toBe(false);
    expect(parsers.parseMomentRule!(rule)).toBeUndefined();
  });

  it.each([
    ['a transform that may report issues', z.object({ n: z.string().transform((s, _context) => s.length) })],
    ['a lazy schema', z.object({ n: z.lazy(() => z.string()) })],
    ['a date', z.object({ n: z.date() })],
    ['a record keyed by an enum', z.object({ n: z.record(z.enum(['a', 'b']), z.number()) })],
    ['a loose record', z.object({ n: z.looseRecord(z.string().max(3), z.number()) })],
  ])('stops the build with the path of %s it cannot compile', (_, schema) => {
    expect(() => compileParsers({ parseThing: schema })).toThrow(/parseThing\.n uses .*do not support/);
  });

  it('refuses a worker bundle that would carry zod, naming the file that imports it', async () => {
    // Injected failure: a worker module importing a schema (a value) from a contract file.
    mkdirSync(path.join(process.cwd(), 'test-results'), { recursive: true });
    const dir = mkdtempSync(path.join(process.cwd(), 'test-results', 'worker-bundle-'));
    const entry = path.join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `import { eventSchema } from '${path.resolve('lib/contracts/event')}';\nconsole.log(eventSchema);\n`,
    );
    await expect(
      build({ entryPoints: [entry], bundle: true, write: false, logLevel: 'silent', plugins: [workerBundle] }),
    ).rejects.toThrow(/lib\/contracts\/event\.ts brings zod into the service worker/);
  });
});

// Moment rules on the server (PGlite): versioned edits, the published device
// config and its content-hash version, and fires/clicks per rule from events.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMomentRuleSchema, updateMomentRuleSchema } from '@/lib/contracts/moment-rule';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { buildDeviceConfig } from '@/lib/db/device-config';
import { ingestEvents } from '@/lib/db/ingest';
import {
  createMomentRule,
  deleteMomentRule,
  listMomentRules,
  momentRuleStats,
  updateMomentRule,
} from '@/lib/db/moment-rules';
import { createSegment } from '@/lib/db/segments';
import { budgetTravelRule, gameHelpRule } from '../fixtures/moment-rules';

describe('moment rules store', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(handle);
  });
  afterAll(() => handle.close());

  it('creates, edits with a new version only on a real change, refuses an invalid merge, deletes', async () => {
    const rule = await createMomentRule(handle.db, createMomentRuleSchema.parse(budgetTravelRule));
    expect(rule).toMatchObject({ version: 1, name: 'Budget travel', trigger: { kind: 'search' } });
    const same = await updateMomentRule(handle.db, rule.id, { name: 'Budget travel' });
    expect(same.ok && same.rule.version).toBe(1);
    const renamed = await updateMomentRule(handle.db, rule.id, { name: 'Cheap trips', priority: 300 });
    expect(renamed.ok && [renamed.rule.version, renamed.rule.name, renamed.rule.priority]).toEqual([
      2,
      'Cheap trips',
      300,
    ]);
    // Injected failure: a PATCH of one field that resets the others to their defaults.
    const cooled = await updateMomentRule(handle.db, rule.id, updateMomentRuleSchema.parse({ cooldownMinutes: 5 }));
    expect(cooled.ok && [cooled.rule.version, cooled.rule.cooldownMinutes, cooled.rule.match?.combine]).toEqual([
      3,
      5,
      'all',
    ]);
    expect(updateMomentRuleSchema.safeParse({ surprise: 1 }).success).toBe(false);
    // A search trigger without keywords is refused even when it arrives as a partial edit.
    const broken = await updateMomentRule(handle.db, rule.id, { match: null });
    expect(broken).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await updateMomentRule(handle.db, 999_999, { name: 'x' })).toEqual({ ok: false, reason: 'not-found' });
    expect(await deleteMomentRule(handle.db, rule.id)).toBe(true);
    expect((await listMomentRules(handle.db)).some((r) => r.id === rule.id)).toBe(false);
  });

  it('publishes live rules, published and named segments; the version follows the content', async () => {
    const segment = await createSegment(handle.db, {
      name: 'Searchers',
      definition: { kind: 'event', name: 'Products Searched', atLeast: 1, where: [] },
    });
    const unrelated = await createSegment(handle.db, {
      name: 'Unpublished',
      definition: { kind: 'trait', trait: 'plan', compare: { op: 'exists' } },
    });
    const travel = await createMomentRule(
      handle.db,
      createMomentRuleSchema.parse({ ...budgetTravelRule, segmentId: segment.id }),
    );
    const disabled = await createMomentRule(
      handle.db,
      createMomentRuleSchema.parse({ ...gameHelpRule, enabled: false }),
    );
    const ended = await createMomentRule(
      handle.db,
      createMomentRuleSchema.parse({
        ...gameHelpRule,
        startsAt: '2020-01-01T00:00:00Z',
        endsAt: '2020-02-01T00:00:00Z',
      }),
    );
    const first = await buildDeviceConfig(handle.db);
    const ruleIds = first.rules.map((rule) => (rule as { id: number }).id);
    expect(ruleIds).toContain(travel.id);
    expect(ruleIds).not.toContain(disabled.id);
    expect(ruleIds).not.toContain(ended.id);
    expect(first.segments.map((s) => s.id)).toEqual([segment.id]);
    expect(first.segments.map((s) => s.id)).not.toContain(unrelated.id);
    expect((await buildDeviceConfig(handle.db)).version).toBe(first.version);
    await updateMomentRule(handle.db, travel.id, { cooldownMinutes: 5 });
    expect((await buildDeviceConfig(handle.db)).version).not.toBe(first.version);
  });

  it('counts fires and clicks per rule from synced events, never from other notifications', async () => {
    const at = new Date('2026-07-01T10:00:00Z');
    const event = (name: string, properties: Record<string, unknown>) => ({
      index: 0,
      event: {
        messageId: randomUUID(),
        type: 'track' as const,
        event: name,
        properties,
        traits: {},
        anonymousId: 'v1',
        timestamp: at.toISOString(),
        context: {},
      },
      timestamp: at,
      originalTimestamp: at,
    });
    await ingestEvents(
      handle.db,
      [
        event('Moment Fired', { ruleId: 7, ruleVersion: 1 }),
        event('Moment Fired', { ruleId: 7, ruleVersion: 2 }),
        event('Moment Fired', { ruleId: 7, ruleVersion: 2 }),
        event('Moment Fired', { ruleId: 7, ruleVersion: 2 }),
        event('Notification Clicked', { ruleId: 7 }),
        event('Moment Fired', { ruleId: 8 }),
        event('Notification Clicked', { campaignId: 3 }),
      ],
      at,
    );
    const stats = await momentRuleStats(handle.db);
    expect(stats.find((s) => s.ruleId === 7)).toEqual({ ruleId: 7, fires: 4, clicks: 1, ctr: 0.25 });
    expect(stats.find((s) => s.ruleId === 8)).toEqual({ ruleId: 8, fires: 1, clicks: 0, ctr: 0 });
    expect(stats).toHaveLength(2);
  });
});

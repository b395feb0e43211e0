import 'server-only';
import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import {
  createMomentRuleSchema,
  momentRuleFieldsSchema,
  type MomentRule,
  type MomentRuleStats,
} from '../contracts/moment-rule';
import { momentEventNames, momentRuleIdProperty } from '../contracts/event-names';
import type { Database } from './client';
import { events, momentRules } from './schema';

type RuleFields = Omit<MomentRule, 'id' | 'version'>;
type Row = typeof momentRules.$inferSelect;

/** A stored row as the rule format: the definition column holds every field; name, enabled and dates are mirrored in columns for queries. */
export function ruleFromRow(row: Row): MomentRule {
  const fields = momentRuleFieldsSchema.parse(row.definition);
  return { ...fields, id: row.id, version: row.version };
}

const columns = (fields: RuleFields) => ({
  name: fields.name,
  definition: fields,
  enabled: fields.enabled,
  startsAt: fields.startsAt ? new Date(fields.startsAt) : null,
  endsAt: fields.endsAt ? new Date(fields.endsAt) : null,
});

export async function listMomentRules(db: Database): Promise<MomentRule[]> {
  return (await db.select().from(momentRules).orderBy(asc(momentRules.id))).map(ruleFromRow);
}

export async function findMomentRule(db: Database, id: number): Promise<MomentRule | undefined> {
  const [row] = await db.select().from(momentRules).where(eq(momentRules.id, id));
  return row ? ruleFromRow(row) : undefined;
}

/** Enabled rules that have not ended: a device enforces start dates itself, so an offline device starts on time. */
export async function liveMomentRules(db: Database, now = new Date()): Promise<MomentRule[]> {
  const rows = await db
    .select()
    .from(momentRules)
    .where(and(eq(momentRules.enabled, true), or(isNull(momentRules.endsAt), gt(momentRules.endsAt, now))))
    .orderBy(asc(momentRules.id));
  return rows.map(ruleFromRow);
}

export async function createMomentRule(db: Database, fields: RuleFields, now = new Date()): Promise<MomentRule> {
  const [row] = await db
    .insert(momentRules)
    .values({ ...columns(fields), createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error('The moment rule was not stored.');
  return ruleFromRow(row);
}

export type RuleUpdate =
  | { ok: true; rule: MomentRule }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; message: string };

/**
 * Merges a change into a rule and checks the whole again. Any real change is a
 * new version: devices log decisions and report fires per version.
 */
export async function updateMomentRule(
  db: Database,
  id: number,
  change: Readonly<Record<string, unknown>>,
  now = new Date(),
): Promise<RuleUpdate> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(momentRules).where(eq(momentRules.id, id)).for('update');
    if (!row) return { ok: false, reason: 'not-found' } as const;
    const current = ruleFromRow(row);
    const fields = momentRuleFieldsSchema.parse(row.definition);
    const merged = createMomentRuleSchema.safeParse({ ...fields, ...change });
    if (!merged.success) {
      const issue = merged.error.issues[0];
      return {
        ok: false,
        reason: 'invalid',
        message: `${issue?.path.join('.') || 'rule'}: ${issue?.message}`,
      } as const;
    }
    if (JSON.stringify(merged.data) === JSON.stringify(fields)) return { ok: true, rule: current } as const;
    const [updated] = await tx
      .update(momentRules)
      .set({ ...columns(merged.data), version: row.version + 1, updatedAt: now })
      .where(eq(momentRules.id, id))
      .returning();
    if (!updated) return { ok: false, reason: 'not-found' } as const;
    return { ok: true, rule: ruleFromRow(updated) } as const;
  });
}

export async function deleteMomentRule(db: Database, id: number): Promise<boolean> {
  return (await db.delete(momentRules).where(eq(momentRules.id, id)).returning({ id: momentRules.id })).length === 1;
}

/** Fires and clicks per rule, from the `Moment Fired` and `Notification Clicked` events devices synced. */
export async function momentRuleStats(db: Database): Promise<MomentRuleStats[]> {
  // A literal, not a parameter: GROUP BY must see the same expression as SELECT.
  const ruleId = sql<string>`${events.properties} ->> ${sql.raw(`'${momentRuleIdProperty}'`)}`;
  const rows = await db
    .select({
      ruleId,
      fires: sql<number>`count(*) filter (where ${events.event} = ${momentEventNames.fired})`.mapWith(Number),
      clicks: sql<number>`count(*) filter (where ${events.event} = ${momentEventNames.clicked})`.mapWith(Number),
    })
    .from(events)
    .where(
      and(
        sql`${events.event} in (${momentEventNames.fired}, ${momentEventNames.clicked})`,
        sql`${ruleId} ~ '^[0-9]+$'`,
      ),
    )
    .groupBy(ruleId);
  return rows.map((row) => ({
    ruleId: Number(row.ruleId),
    fires: row.fires,
    clicks: row.clicks,
    ctr: row.fires > 0 ? row.clicks / row.fires : 0,
  }));
}

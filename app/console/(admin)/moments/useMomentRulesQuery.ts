'use client';
// The moment rules and their fires/clicks, from the admin API; `reload` after an edit.
import type { MomentRule, MomentRuleStats } from '@/lib/contracts/moment-rule';
import { adminApi } from '../_api/admin-api';
import { type AdminQuery, useAdminQuery } from '../_api/useAdminQuery';

export type RulesState = AdminQuery<{ rules: MomentRule[]; stats: Map<number, MomentRuleStats> }>;

async function loadRules() {
  const [{ rules }, { stats }] = await Promise.all([
    adminApi.get<{ rules: MomentRule[] }>('/api/admin/moments'),
    adminApi.get<{ stats: MomentRuleStats[] }>('/api/admin/moments/stats'),
  ]);
  return { rules, stats: new Map(stats.map((row) => [row.ruleId, row])) };
}

export function useMomentRulesQuery() {
  const { state, reload } = useAdminQuery(loadRules);
  return { state, reload };
}

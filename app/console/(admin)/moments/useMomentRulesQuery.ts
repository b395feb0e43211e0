'use client';
// The moment rules and their fires/clicks, from the admin API; `reload` after an edit.
import { useCallback, useEffect, useState } from 'react';
import type { MomentRule, MomentRuleStats } from '@/lib/contracts/moment-rule';

export type RulesState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'loaded'; rules: MomentRule[]; stats: Map<number, MomentRuleStats> };

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export function useMomentRulesQuery() {
  const [state, setState] = useState<RulesState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    Promise.all([
      getJson<{ rules: MomentRule[] }>('/api/admin/moments'),
      getJson<{ stats: MomentRuleStats[] }>('/api/admin/moments/stats'),
    ]).then(
      ([{ rules }, { stats }]) =>
        current && setState({ status: 'loaded', rules, stats: new Map(stats.map((row) => [row.ruleId, row])) }),
      (error: unknown) =>
        current && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [attempt]);
  return { state, reload: useCallback(() => setAttempt((n) => n + 1), []) };
}

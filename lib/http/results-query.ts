import 'server-only';
// The goal of a results request, from its query string: `goal` (the event's
// name), `clickWindowDays`, `viewWindowDays`, and `where` as JSON text (the
// property filters).
import { z } from 'zod';
import { type ResultsGoal, resultsGoalSchema } from '../contracts/campaign-results';

export function resultsGoalOf(url: string): { ok: true; goal: ResultsGoal } | { ok: false; message: string } {
  const params = new URL(url).searchParams;
  const raw: Record<string, unknown> = {};
  for (const key of ['clickWindowDays', 'viewWindowDays'] as const) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  const goalName = params.get('goal');
  if (goalName !== null) raw.event = goalName;
  const where = params.get('where');
  if (where !== null) {
    try {
      raw.where = JSON.parse(where) as unknown;
    } catch {
      return { ok: false, message: 'where: not JSON (a list of { property, compare } filters).' };
    }
  }
  const parsed = resultsGoalSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: z.prettifyError(parsed.error) };
  return { ok: true, goal: parsed.data };
}

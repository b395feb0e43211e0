import 'server-only';
// Runs the automations in each server process: a round every
// KAIROS_AUTOMATION_SECONDS (default 15), one at a time. Rounds of several
// processes on one PostgreSQL share the work through row locks (see
// event-trigger.ts, segment-trigger.ts, entry-dispatch.ts).
import type { Database } from '../db/client';
import type { PushRuntime } from '../push/runtime';
import { serverAudiences } from '../audience/runtime';
import { runAutomations } from './automation-run';
import { releaseAbandonedEntries } from './entry-dispatch';

export function automationRoundMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const seconds = Number(env.KAIROS_AUTOMATION_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 15_000;
}

export async function startAutomationScheduler(
  db: Database,
  push: PushRuntime,
  options: { ownsDatabase: boolean; everyMs?: number; clock?: () => Date },
): Promise<() => void> {
  const clock = options.clock ?? (() => new Date());
  // Embedded storage is this process's alone: a wait claimed by a run that died goes back at once.
  if (options.ownsDatabase) await releaseAbandonedEntries(db, clock());
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const round = await runAutomations(db, serverAudiences, clock());
      if (round.queued > 0) push.outbox.wake();
      for (const run of round.segmentRuns) {
        if (run.error) console.error(`Automation ${run.automationId} was not evaluated: ${run.error}`);
      }
    } catch (error) {
      console.error('Automations: the round failed; it runs again shortly.', error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.everyMs ?? automationRoundMs());
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}

import 'server-only';
// Sends scheduled segment campaigns when their time comes, and the winners of
// staged sends when their wait is over: a check every 30 seconds in each
// server process. Two processes on one PostgreSQL may both
// send a campaign; queuing is per subscription and idempotent, so each
// subscriber is queued once.
import type { Database } from '../db/client';
import type { PushRuntime } from '../push/runtime';
import { serverAudiences } from './runtime';
import { sendDueSegmentCampaigns } from './segment-send';
import { decideDueStages } from './stage-decision';

export function startSegmentScheduler(db: Database, push: PushRuntime, everyMs = 30_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const results = await sendDueSegmentCampaigns(db, serverAudiences);
      for (const result of results) {
        if (!result.ok) console.error(`A scheduled segment campaign was not sent: ${result.message}`);
      }
      const decided = await decideDueStages(db, serverAudiences);
      for (const decision of decided) console.log(`Staged campaign ${decision.campaignId}: ${decision.reason}`);
      if (results.length + decided.length > 0) push.outbox.wake();
    } catch (error) {
      console.error('Scheduled and staged campaigns: the check failed; it runs again shortly.', error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}

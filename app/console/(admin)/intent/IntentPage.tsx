'use client';
// Predictive intent: who will buy again (BG/NBD fitted in this browser's
// analytics worker), published to devices as tiers, and a goal-based score.
import { DatasetGate } from '../DatasetGate';
import { GoalScorePanel } from './GoalScorePanel';
import { IntentFitPanel } from './IntentFitPanel';
import { PublishedIntentStatus } from './PublishedIntentStatus';
import { usePublishedIntentModel } from './usePublishedIntentModel';

export function IntentPage() {
  const { published, onPublished } = usePublishedIntentModel();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Intent</h1>
        <p className="text-slate-600">
          Who is most likely to buy again, from each customer&apos;s purchase history, and who will reach a goal.
        </p>
        <PublishedIntentStatus published={published} />
      </div>
      <DatasetGate>
        {({ summary, generation }) => (
          // Keyed on the load: a new dataset starts from a clean form and no stale fit.
          <div key={generation} className="space-y-8">
            <IntentFitPanel
              summary={summary}
              published={published.status === 'loaded' ? published.data : undefined}
              onPublished={onPublished}
            />
            <GoalScorePanel summary={summary} />
          </div>
        )}
      </DatasetGate>
    </div>
  );
}

'use client';
// Writing a campaign: the message with a live preview, the audience and
// delivery settings, a test send to this browser and the send itself.
import { useEffect, useRef } from 'react';
import { campaignPayload, payloadSizeProblem } from '@/lib/contracts/campaign-message';
import { ArmFields } from './ArmFields';
import { draftMessage, draftVariants } from './campaign-draft';
import { DeliveryFields } from './DeliveryFields';
import { MessageFields } from './MessageFields';
import { NotificationPreview } from './NotificationPreview';
import type { useCampaignComposer } from './useCampaignComposer';
import type { SegmentsState } from './useSegmentsQuery';

const statusClass = {
  idle: '',
  working: 'text-slate-700',
  done: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  error: 'border-red-200 bg-red-50 text-red-900',
} as const;

export function CampaignComposer({
  composer,
  segments,
}: {
  composer: ReturnType<typeof useCampaignComposer>;
  segments: SegmentsState;
}) {
  const { draft, status, opened } = composer;
  const heading = useRef<HTMLHeadingElement>(null);
  // A campaign opened for editing (or a new copy) puts the keyboard where its form starts.
  useEffect(() => {
    if (opened === 0) return;
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  }, [opened]);
  const change = (patch: Partial<typeof draft>) => composer.setDraft({ ...draft, ...patch });
  const message = draftMessage(draft);
  // Checked with the fallbacks here; the server checks every member's personalised copy again.
  const tooBig = [message, ...draftVariants(draft)].some(
    (each) => payloadSizeProblem(campaignPayload(0, { ...each, title: each.title || 'Title' }, {})) !== undefined,
  );
  const working = status.kind === 'working';

  return (
    <section aria-labelledby="composer-heading" className="space-y-6 rounded-xl border border-slate-200 bg-white p-6">
      <div className="flex items-center justify-between gap-4">
        <h2 id="composer-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
          {composer.savedId === null ? 'New campaign' : `Campaign #${composer.savedId}`}
        </h2>
        {composer.savedId !== null ? (
          <button type="button" onClick={composer.startNew} className="text-sm text-brand-700 underline">
            Start a new one
          </button>
        ) : null}
      </div>
      <form
        className="grid gap-8 lg:grid-cols-[1fr_22rem]"
        onSubmit={(event) => {
          event.preventDefault();
          void composer.send();
        }}
      >
        <div className="space-y-8">
          <MessageFields draft={draft} change={change} />
          <ArmFields draft={draft} change={change} />
          <DeliveryFields draft={draft} change={change} segments={segments} />
          <div className="flex flex-wrap gap-3">
            <button
              type="submit"
              disabled={working || tooBig}
              className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
            >
              {draft.when === 'later' ? 'Schedule for the segment' : 'Send to the segment'}
            </button>
            <button
              type="button"
              disabled={working || tooBig}
              onClick={() => void composer.sendTest()}
              className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-50"
            >
              Send a test to this browser
            </button>
            <button
              type="button"
              disabled={working || tooBig}
              onClick={() => void composer.saveDraft()}
              className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-50"
            >
              Save draft
            </button>
          </div>
          {status.kind !== 'idle' ? (
            <p
              role={status.kind === 'error' ? 'alert' : 'status'}
              className={`rounded-lg border p-3 text-sm ${statusClass[status.kind]}`}
              data-testid="composer-status"
            >
              {status.text}
            </p>
          ) : null}
        </div>
        <NotificationPreview message={message} />
      </form>
    </section>
  );
}
